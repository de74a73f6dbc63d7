import { useState } from 'react';
import type { ImportReport, SkipReason, SkippedFile } from '../../../data/importReport';
import {
  ALIGN_ROUTE_MESSAGES,
  ALIGN_ROUTES,
  SEVERAL_FACES_NOTE,
  SINGLE_IMAGE_NOTE,
  SKIP_MESSAGES,
  SKIP_REASONS,
  summaryLine,
} from '../../../data/importReport';

/** Files listed per reason before "show all": a 10,000-file folder of HEICs must not flood the page. */
const LIST_CAP = 30;

/** A collapsible list of files under a label and what to do about them, capped until "show all". */
function FileGroup({
  label,
  todo,
  files,
  open,
  attrs,
}: {
  label: string;
  todo: string;
  files: { path: string; detail?: string }[];
  open: boolean;
  attrs: Record<string, string>;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? files : files.slice(0, LIST_CAP);
  return (
    <details className="data-reason" open={open} {...attrs}>
      <summary>
        <span className="data-reason-label">{label}</span> <span className="data-count">{files.length}</span>
      </summary>
      <p className="data-reason-todo">{todo}</p>
      <ul className="data-files">
        {shown.map((f, i) => (
          <li key={`${f.path}-${i}`}>
            <code>{f.path}</code>
            {f.detail && <span className="data-detail"> — {f.detail}</span>}
          </li>
        ))}
      </ul>
      {files.length > shown.length && (
        <button type="button" className="link" onClick={() => setAll(true)}>
          Show all {files.length.toLocaleString('en-US')}
        </button>
      )}
    </details>
  );
}

function ReasonGroup({ reason, files }: { reason: SkipReason; files: SkippedFile[] }) {
  const { label, message } = SKIP_MESSAGES[reason];
  return (
    <FileGroup
      label={label}
      todo={message}
      files={files}
      open={reason !== 'systemFile'}
      attrs={{ 'data-reason': reason }}
    />
  );
}

function SingleImageNote({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  const list = names.slice(0, 50).join(', ') + (names.length > 50 ? `, and ${names.length - 50} more` : '');
  return (
    <p className="data-note" data-testid="data-single-image-note">
      {names.length === 1 ? (
        <>
          <strong>{list}</strong> {SINGLE_IMAGE_NOTE}
        </>
      ) : (
        <>
          {names.length} identities have a single image (<strong>{list}</strong>): each{' '}
          {SINGLE_IMAGE_NOTE.replace(/^has one image: /, 'is ')}
        </>
      )}
    </p>
  );
}

/** Face alignment kept the largest of several faces: which files, how many faces each, and what to check. */
function SeveralFacesNote({ files }: { files: NonNullable<ImportReport['severalFaces']> }) {
  if (files.length === 0) return null;
  return (
    <FileGroup
      label="several faces (largest kept)"
      todo={SEVERAL_FACES_NOTE}
      files={files.map((f) => ({ path: f.path, detail: `${f.faces} faces` }))}
      open
      attrs={{ 'data-testid': 'data-several-faces' }}
    />
  );
}

/**
 * Face alignment: the files whose face was found by a fallback route (a margin, an enlarged copy, whole-frame
 * landmarks), one group per route; the counts of every route are in the summary line.
 */
function AlignRoutes({ files }: { files: NonNullable<ImportReport['alignedBy']> }) {
  return ALIGN_ROUTES.map((route) => {
    const group = files.filter((f) => f.route === route);
    if (group.length === 0) return null;
    const { label, message } = ALIGN_ROUTE_MESSAGES[route];
    return (
      <FileGroup
        key={route}
        label={label}
        todo={message}
        files={group}
        open={route === 'landmarksWholeFrame'}
        attrs={{ 'data-route': route }}
      />
    );
  });
}

/** An import's report: skipped files by reason, each with what to do, then the summary line and notes. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const groups = SKIP_REASONS.map((reason) => ({
    reason,
    files: report.skipped.filter((s) => s.reason === reason),
  })).filter((g) => g.files.length > 0);
  return (
    <div className="data-report" data-testid="data-report">
      {groups.map((g) => (
        <ReasonGroup key={g.reason} reason={g.reason} files={g.files} />
      ))}
      <SeveralFacesNote files={report.severalFaces ?? []} />
      <AlignRoutes files={report.alignedBy ?? []} />
      <p className="data-summary" data-testid="data-import-summary">
        {summaryLine(report)}
      </p>
      <SingleImageNote names={report.singleImageIdentities} />
    </div>
  );
}
