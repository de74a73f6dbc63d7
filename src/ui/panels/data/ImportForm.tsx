import { useEffect, useRef, useState } from 'react';
import type { DragEvent, KeyboardEvent } from 'react';
import type { FsEntry } from '../../../data/fileSources';
import { entriesFromDrop, entriesFromFileList, walkEntries } from '../../../data/fileSources';
import type { Channels } from '../../../data/imageSpec';
import { DEFAULT_RESOLUTION, squareSpec } from '../../../data/imageSpec';
import type { ImportEntry } from '../../../data/importPaths';
import { splitPath } from '../../../data/importPaths';
import type { SkippedFile } from '../../../data/importReport';
import { decodeWithImageBitmap } from '../../../data/browserDecoder';
import { sampleImages } from '../../../data/sampleImages';
import { suggestSpec, type SpecSuggestion } from '../../../data/suggestSpec';
import { datasetLibrary } from '../../../state/datasets';
import { useDatasets } from './useDatasets';
import { errorText } from '../../../common/errorText';

const RESOLUTIONS = [32, 48, 64, 96, 128, 160];

interface Selection {
  entries: ImportEntry[];
  /** Files that could not be read while walking a dropped folder. */
  unreadable: SkippedFile[];
  /** Where they came from, for the user: "folder faces", "faces.zip". */
  source: string;
}

/** A dataset name from the root of the first path: the folder's name, or the archive's without ".zip". */
function defaultName(entries: readonly ImportEntry[]): string {
  const first = entries[0] ? splitPath(entries[0].path)[0] : undefined;
  return (first ?? 'Imported faces').replace(/\.zip$/i, '');
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
  const [resolution, setResolution] = useState(DEFAULT_RESOLUTION);
  const [channels, setChannels] = useState<Channels>(3);
  const [alignFaces, setAlignFaces] = useState(false);
  const [name, setName] = useState('');
  const [selection, setSelection] = useState<Selection | null>(null);
  const [dragging, setDragging] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<SpecSuggestion | null>(null);
  const [sampling, setSampling] = useState(false);
  const touched = useRef({ resolution: false, channels: false });
  const latestPick = useRef<readonly ImportEntry[] | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const chooseFolder = useRef<HTMLButtonElement>(null);
  const request = useDatasets((s) => s.importRequest);
  // Another panel (Model & loss) asked for an import set up its way: apply it and, once the Data workspace shows
  // (the asking panel switches to it), bring the picker into view with the focus on it. Polled per frame: the switch
  // arrives with the hash change, and the browser moves focus off the hidden asking button at its next rendering.
  useEffect(() => {
    if (!request) return;
    setAlignFaces(request.alignFaces);
    setName(request.name);
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
  const filesInput = useRef<HTMLInputElement>(null);

  const select = (entries: ImportEntry[], unreadable: SkippedFile[], how: string) => {
    if (entries.length === 0 && unreadable.length === 0) {
      setReadError('Nothing was selected (an empty folder?). Pick a folder with one sub-folder per identity.');
      return;
    }
    setReadError(null);
    setSelection({ entries, unreadable, source: describe(entries, how) });
    setName(request?.name ?? defaultName(entries));
    // Suggest the stored form from a sample of the photos; a choice the user already made stays.
    // Import waits for it (a dozen decodes), so the stored form never depends on how fast one clicks.
    setSuggestion(null);
    setSampling(true);
    const picked = entries;
    latestPick.current = picked;
    void sampleImages(entries, decodeWithImageBitmap)
      .then((samples) => {
        const suggested = suggestSpec(samples);
        if (!suggested || latestPick.current !== picked) return;
        setSuggestion(suggested);
        if (!touched.current.resolution) setResolution(suggested.resolution);
        if (!touched.current.channels) setChannels(suggested.channels);
      })
      .finally(() => {
        if (latestPick.current === picked) setSampling(false);
      });
  };

  const onPicked = (input: HTMLInputElement | null, how: string) => {
    if (!input?.files) return;
    select(entriesFromFileList(input.files), [], how);
    input.value = ''; // picking the same folder again fires change again
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (importing) return;
    // Both must be taken now: the DataTransfer is emptied when this handler returns.
    let roots: FsEntry[] = [];
    try {
      roots = entriesFromDrop(e.dataTransfer.items);
    } catch {
      roots = []; // no FileSystemEntry API: fall back to the plain files
    }
    const files = Array.from(e.dataTransfer.files);
    if (roots.length === 0) {
      select(entriesFromFileList(files), [], 'Dropped');
      return;
    }
    const unreadable: SkippedFile[] = [];
    walkEntries(roots, (path, message) => unreadable.push({ path, reason: 'unreadable', detail: message }))
      .then((entries) => select(entries, unreadable, 'Dropped'))
      .catch((err: unknown) =>
        setReadError(
          `Could not read the dropped items (${errorText(err)}). Try the “Choose folder” button.`,
        ),
      );
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    folderInput.current?.click();
  };

  const start = () => {
    if (!selection) return;
    const chosen = selection;
    setSelection(null);
    datasetLibrary.requestImport(null);
    void datasetLibrary.importEntries(chosen.entries, {
      name: name.trim() || defaultName(chosen.entries),
      spec: squareSpec(resolution, channels),
      preSkipped: chosen.unreadable,
      alignFaces,
    });
  };

  const disabled = importing || unavailable;
  return (
    <div className="data-import">
      <div
        className={`data-drop${dragging ? ' data-drop-over' : ''}${disabled ? ' data-drop-disabled' : ''}`}
        role="button"
        tabIndex={disabled ? -1 : 0}
        aria-disabled={disabled}
        aria-label="Drop a folder or a .zip of face images here, or press Enter or click to choose a folder"
        data-testid="data-drop"
        onKeyDown={onKey}
        onClick={() => !disabled && folderInput.current?.click()}
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <strong>Drop a folder or a .zip here</strong>
        <span>one sub-folder per identity: faces/alice/1.jpg, faces/bob/1.jpg, …</span>
      </div>
      <div className="data-actions">
        <button type="button" ref={chooseFolder} disabled={disabled} onClick={() => folderInput.current?.click()}>
          Choose folder
        </button>
        <button type="button" disabled={disabled} onClick={() => filesInput.current?.click()}>
          Choose files
        </button>
        <input
          ref={(el) => {
            folderInput.current = el;
            el?.setAttribute('webkitdirectory', '');
          }}
          type="file"
          multiple
          hidden
          data-testid="data-folder-input"
          onChange={(e) => onPicked(e.currentTarget, 'Folder')}
        />
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          accept="image/*,.pgm,.ppm,.pnm,.zip,application/zip"
          data-testid="data-files-input"
          onChange={(e) => onPicked(e.currentTarget, 'Files')}
        />
      </div>
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
        <div className="data-selection" data-testid="data-selection">
          <p>{selection.source}</p>
          {suggestion && (
            <p className="hint" data-testid="data-suggestion">
              {suggestion.reason}
            </p>
          )}
          <div className="data-fields">
            <label className="data-field">
              <span>Name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} data-testid="data-import-name" />
            </label>
            <label className="data-field">
              <span>Resolution</span>
              <select
                value={resolution}
                onChange={(e) => {
                  touched.current.resolution = true;
                  setResolution(Number(e.target.value));
                }}
                data-testid="data-resolution"
              >
                {RESOLUTIONS.map((r) => (
                  <option key={r} value={r}>
                    {r}×{r}
                  </option>
                ))}
              </select>
            </label>
            <label className="data-field">
              <span>Colour</span>
              <select
                value={channels}
                onChange={(e) => {
                  touched.current.channels = true;
                  setChannels(Number(e.target.value) === 1 ? 1 : 3);
                }}
                data-testid="data-channels"
              >
                <option value={3}>RGB</option>
                <option value={1}>Grayscale</option>
              </select>
            </label>
          </div>
          <label className="data-align">
            <input
              type="checkbox"
              checked={alignFaces}
              onChange={(e) => setAlignFaces(e.target.checked)}
              data-testid="data-align-faces"
            />
            <span>
              <strong>Detect and align faces</strong>: for photos rather than ready-made face crops. Each face is found
              (SSD MobileNet, 68 landmarks), turned so the eyes are level at a fixed distance and cropped to the
              resolution; photos with no face are skipped, with several the largest is kept. Slower: a few images per
              second per CPU core, in this browser.
            </span>
          </label>
          <div className="data-actions">
            <button
              type="button"
              className="data-primary"
              onClick={start}
              disabled={disabled || sampling}
              data-testid="data-import"
            >
              {sampling ? 'Looking at the photos…' : 'Import'}
            </button>
            <button type="button" onClick={() => setSelection(null)}>
              Clear
            </button>
          </div>
          <p className="hint">
            Images are {alignFaces ? 'face-aligned' : 'centre-cropped'}, resized and stored in this browser (IndexedDB);
            the originals are never uploaded or kept.
          </p>
        </div>
      )}
    </div>
  );
}
