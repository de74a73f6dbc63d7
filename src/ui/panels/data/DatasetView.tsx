import { startTransition, useEffect, useMemo, useState } from 'react';
import type { DatasetMeta } from '../../../data/datasetMeta';
import { imageBytes, thumbSpec } from '../../../data/imageSpec';
import { splitByIdentity } from '../../../data/split';
import { datasetLibrary } from '../../../state/datasets';
import { ImageStrip } from './ImageStrip';
import { ImportReportView } from './ImportReportView';
import { useDatasets } from './useDatasets';
import { DatasetEditing } from './editing/DatasetEditing';
import { useEditing } from './editing/useEditing';
import { errorText } from '../../../common/errorText';

/** Identity rows rendered at once; "Show more" adds as many. */
const PAGE_ROWS = 50;
/** Thumbnails per identity row; the count says how many there are in all. */
const ROW_THUMBS = 10;

/** What the view keeps of a loaded dataset: thumbnails and identities, not the full-size pixels. */
interface ViewData {
  meta: DatasetMeta;
  thumbs: Uint8Array;
  counts: Int32Array;
  /** [identities] index of each identity's first image (images are stored identity by identity). */
  starts: Int32Array;
  names: string[];
}

/** Read by a storage worker: the page receives the thumbnails only, never a chunk's full-size pixels. */
async function loadView(id: string): Promise<ViewData> {
  const d = await datasetLibrary.thumbs(id);
  const starts = new Int32Array(d.counts.length);
  for (let i = 1; i < d.counts.length; i++) starts[i] = (starts[i - 1] as number) + (d.counts[i - 1] as number);
  return { meta: d.meta, thumbs: d.thumbs, counts: d.counts, starts, names: d.identityNames };
}

function useViewData(id: string | null, version: unknown): { data: ViewData | null; error: string | null } {
  const [state, setState] = useState<{ id: string; data: ViewData | null; error: string | null } | null>(null);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    loadView(id).then(
      // A transition: React renders the rows a slice at a time instead of in one long task.
      (data) => live && startTransition(() => setState({ id, data, error: null })),
      (e: unknown) =>
        live &&
        setState({
          id,
          data: null,
          error: `Could not read this dataset from browser storage (${errorText(e)}). It is not deleted; try reloading the page.`,
        }),
    );
    return () => {
      live = false;
    };
  }, [id, version]);
  return state && state.id === id ? state : { data: null, error: null };
}

/** The viewed dataset: its import report, its train / validation split, and its identities as rows of thumbnails. */
export function DatasetView() {
  const viewId = useDatasets((s) => s.viewId);
  const meta = useDatasets((s) => s.datasets.find((d) => d.id === s.viewId) ?? null);
  const justImported = useDatasets((s) => s.lastImportId !== null && s.lastImportId === s.viewId);
  // Reload when the stored counts change (an import finishing, a rename keeps the pixels but is cheap to redo).
  const edits = useEditing((s) => s.version);
  const { data, error } = useViewData(meta ? viewId : null, `${meta?.images}/${edits}`);
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState(PAGE_ROWS);

  const split = useMemo(() => (data ? splitByIdentity(data.counts, data.meta.splitSeed) : null), [data]);
  const validation = useMemo(() => new Set(split ? split.validation : []), [split]);
  const matches = useMemo(() => {
    if (!data) return [];
    const q = query.trim().toLowerCase();
    const out: number[] = [];
    for (let i = 0; i < data.names.length; i++) if (!q || (data.names[i] ?? '').toLowerCase().includes(q)) out.push(i);
    return out;
  }, [data, query]);

  if (!meta) return null;
  const t = thumbSpec(meta.spec);
  const tb = imageBytes(t);
  return (
    <section className="data-view" aria-labelledby="data-view-title" data-testid="data-view">
      <h3 id="data-view-title">
        <span>
          {meta.name}: {meta.identities.toLocaleString('en-US')} identities, {meta.images.toLocaleString('en-US')}{' '}
          images
        </span>
        <button type="button" className="link" onClick={() => datasetLibrary.view(null)}>
          Close
        </button>
      </h3>
      {meta.report && (
        <details className="data-report-box" open={justImported}>
          <summary>Import report</summary>
          <ImportReportView report={meta.report} />
        </details>
      )}
      {error && (
        <p className="data-inline-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="hint">Reading the images…</p>}
      {data && split && (
        <>
          <p className="data-split" data-testid="data-split">
            Split by identity (seed {data.meta.splitSeed}): <strong>{split.train.length}</strong> training,{' '}
            <strong>{split.validation.length}</strong> validation identities. Validation identities are never trained
            on; single-image identities always stay in training, as negatives.
          </p>
          <DatasetEditing datasetId={meta.id} names={data.names} counts={data.counts} starts={data.starts} thumbs={data.thumbs} thumb={t} />
          <label className="data-field data-search">
            <span>Search identities</span>
            <input
              type="search"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setRows(PAGE_ROWS);
              }}
              data-testid="data-search"
            />
          </label>
          <p className="hint">Each identity: its name, its number of images and its first {ROW_THUMBS} images.</p>
          <ol className="data-identities" data-testid="data-identities">
            {matches.slice(0, rows).map((i) => {
              const n = data.counts[i] as number;
              const k = Math.min(n, ROW_THUMBS);
              const start = data.starts[i] as number;
              const name = data.names[i] ?? `identity ${i}`;
              const val = validation.has(i);
              return (
                <li key={i} className={`data-identity${val ? ' data-identity-val' : ''}`} data-testid="data-identity">
                  <span className="data-identity-head">
                    <span className="data-identity-name" title={name}>
                      {name}
                    </span>
                    {val && <span className="data-tag data-tag-val">validation</span>}
                  </span>
                  <span className="data-count">{n}</span>
                  <ImageStrip
                    pixels={data.thumbs.subarray(start * tb, (start + k) * tb)}
                    count={k}
                    width={t.width}
                    height={t.height}
                    channels={t.channels}
                    scale={t.width <= 32 ? 1.25 : 1}
                    label={`${name}: ${n} image${n === 1 ? '' : 's'}${k < n ? `, first ${k} shown` : ''}`}
                  />
                </li>
              );
            })}
          </ol>
          {matches.length === 0 && <p className="hint">No identity name contains “{query}”.</p>}
          {matches.length > rows && (
            <button type="button" onClick={() => setRows(rows + PAGE_ROWS)}>
              Show {Math.min(PAGE_ROWS, matches.length - rows)} more of {matches.length - rows}
            </button>
          )}
        </>
      )}
    </section>
  );
}
