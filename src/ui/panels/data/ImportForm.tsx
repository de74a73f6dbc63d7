import { useEffect, useRef, useState } from 'react';
import type { Channels } from '../../../data/imageSpec';
import { DEFAULT_RESOLUTION, squareSpec } from '../../../data/imageSpec';
import type { ImportEntry } from '../../../data/importPaths';
import { splitPath } from '../../../data/importPaths';
import type { SkippedFile } from '../../../data/importReport';
import { archiveStem } from '../../../data/archiveReader';
import { decodeWithImageBitmap } from '../../../data/browserDecoder';
import { sampleImages } from '../../../data/sampleImages';
import { suggestSpec, type SpecSuggestion } from '../../../data/suggestSpec';
import { datasetLibrary } from '../../../state/datasets';
import { useDatasets } from './useDatasets';
import { ImportSource } from './ImportSource';
import type { ImportSettingsValue } from './ImportSettings';
import { ImportSettings } from './ImportSettings';

interface Selection {
  entries: ImportEntry[];
  /** Files that could not be read while walking a dropped folder. */
  unreadable: SkippedFile[];
  /** Where they came from, for the user: "folder faces", "faces.zip". */
  source: string;
}

/** A dataset name from the root of the first path: the folder's name, or the archive's without its extension. */
function defaultName(entries: readonly ImportEntry[]): string {
  const first = entries[0] ? splitPath(entries[0].path)[0] : undefined;
  return archiveStem(first ?? 'Imported faces');
}

function describe(entries: readonly ImportEntry[], how: string): string {
  const roots = [...new Set(entries.map((e) => splitPath(e.path)[0] ?? ''))];
  const what = roots.length === 1 ? `“${roots[0]}”` : `${roots.length} items`;
  return `${how} ${what}: ${entries.length.toLocaleString('en-US')} file${entries.length === 1 ? '' : 's'}`;
}

/**
 * Drop zone, folder and file pickers, and the stored form (resolution, grayscale or RGB, name). Picking only selects;
 * "Import" starts, so the name and resolution can still be changed.
 */
export function ImportForm() {
  const importing = useDatasets((s) => s.importing !== null);
  const unavailable = useDatasets((s) => s.status === 'unavailable');
  const [settings, setSettings] = useState<ImportSettingsValue>({
    name: '',
    resolution: DEFAULT_RESOLUTION,
    channels: 3 as Channels,
    alignFaces: false,
  });
  const [selection, setSelection] = useState<Selection | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<SpecSuggestion | null>(null);
  const [sampling, setSampling] = useState(false);
  const touched = useRef({ resolution: false, channels: false });
  const latestPick = useRef<readonly ImportEntry[] | null>(null);
  const chooseFolder = useRef<HTMLButtonElement>(null);
  const request = useDatasets((s) => s.importRequest);
  const change = (patch: Partial<ImportSettingsValue>) => setSettings((s) => ({ ...s, ...patch }));
  // Another panel (Model & loss) asked for an import set up its way: apply it and, once the Data workspace shows
  // (the asking panel switches to it), bring the picker into view with the focus on it. Polled per frame: the switch
  // arrives with the hash change, and the browser moves focus off the hidden asking button at its next rendering.
  useEffect(() => {
    if (!request) return;
    change({ alignFaces: request.alignFaces, name: request.name });
    let frame = 0;
    let tries = 0;
    const focusWhenShown = () => {
      const button = chooseFolder.current;
      if (button && button.offsetParent !== null && document.activeElement !== button) {
        button.scrollIntoView({ block: 'center' });
        button.focus();
      }
      // A few frames more: keep the focus through the browser's fix-up of the hidden button's focus.
      if (++tries < 30) frame = requestAnimationFrame(focusWhenShown);
    };
    frame = requestAnimationFrame(focusWhenShown);
    return () => cancelAnimationFrame(frame);
  }, [request]);

  const select = (entries: ImportEntry[], unreadable: SkippedFile[], how: string) => {
    if (entries.length === 0 && unreadable.length === 0) {
      setReadError('Nothing was selected (an empty folder?). Pick a folder with one sub-folder per identity.');
      return;
    }
    setReadError(null);
    setSelection({ entries, unreadable, source: describe(entries, how) });
    change({ name: request?.name ?? defaultName(entries) });
    // Suggest the stored form from a sample of the photos; a choice the user already made stays.
    // Import waits for it (a dozen decodes), so the stored form never depends on how fast one clicks.
    // Archives are not opened for this: their files are only read by the import's worker.
    setSuggestion(null);
    setSampling(true);
    const picked = entries;
    latestPick.current = picked;
    void sampleImages(entries, decodeWithImageBitmap)
      .then((samples) => {
        const suggested = suggestSpec(samples);
        if (!suggested || latestPick.current !== picked) return;
        setSuggestion(suggested);
        if (!touched.current.resolution) change({ resolution: suggested.resolution });
        if (!touched.current.channels) change({ channels: suggested.channels });
      })
      .finally(() => {
        if (latestPick.current === picked) setSampling(false);
      });
  };

  const start = () => {
    if (!selection) return;
    const chosen = selection;
    setSelection(null);
    datasetLibrary.requestImport(null);
    void datasetLibrary.importEntries(chosen.entries, {
      name: settings.name.trim() || defaultName(chosen.entries),
      spec: squareSpec(settings.resolution, settings.channels),
      preSkipped: chosen.unreadable,
      alignFaces: settings.alignFaces,
    });
  };

  const disabled = importing || unavailable;
  return (
    <div className="data-import">
      <ImportSource disabled={disabled} chooseFolder={chooseFolder} onSelect={select} onReadError={setReadError} />
      {request && (
        <p className="data-request" role="status" data-testid="data-import-request">
          {request.reason}{' '}
          <button type="button" className="link" onClick={() => datasetLibrary.requestImport(null)}>
            Dismiss
          </button>
        </p>
      )}
      {readError && (
        <p className="data-inline-error" role="alert">
          {readError}
        </p>
      )}
      {selection && (
        <ImportSettings
          source={selection.source}
          suggestion={suggestion}
          value={settings}
          onChange={(patch) => {
            if (patch.resolution !== undefined) touched.current.resolution = true;
            if (patch.channels !== undefined) touched.current.channels = true;
            change(patch);
          }}
          disabled={disabled}
          sampling={sampling}
          onImport={start}
          onClear={() => setSelection(null)}
        />
      )}
    </div>
  );
}
