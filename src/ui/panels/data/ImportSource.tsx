/**
 * Where the files come from: a drop zone (folders, files, archives), a folder picker and a file picker. Each hands
 * the chosen entries to `onSelect`; nothing is read here beyond listing a dropped folder.
 */
import { useRef, useState } from 'react';
import type { DragEvent, KeyboardEvent, RefObject } from 'react';
import type { FsEntry } from '../../../data/fileSources';
import { entriesFromDrop, entriesFromFileList, walkEntries } from '../../../data/fileSources';
import type { ImportEntry } from '../../../data/importPaths';
import type { SkippedFile } from '../../../data/importReport';
import { errorText } from '../../../common/errorText';

/** What the file picker offers: images, netpbm and the archive formats the archive worker streams. */
const ACCEPT = 'image/*,.pgm,.ppm,.pnm,.zip,application/zip,.tar,application/x-tar,.tgz,.tar.gz,.gz,application/gzip';

export interface ImportSourceProps {
  disabled: boolean;
  /** Receives the focus when another panel asks for an import. */
  chooseFolder: RefObject<HTMLButtonElement | null>;
  onSelect: (entries: ImportEntry[], unreadable: SkippedFile[], how: string) => void;
  onReadError: (message: string) => void;
}

export function ImportSource({ disabled, chooseFolder, onSelect, onReadError }: ImportSourceProps) {
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);

  const onPicked = (input: HTMLInputElement | null, how: string) => {
    if (!input?.files) return;
    onSelect(entriesFromFileList(input.files), [], how);
    input.value = ''; // picking the same folder again fires change again
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (disabled) return;
    // Both must be taken now: the DataTransfer is emptied when this handler returns.
    let roots: FsEntry[] = [];
    try {
      roots = entriesFromDrop(e.dataTransfer.items);
    } catch {
      roots = []; // no FileSystemEntry API: fall back to the plain files
    }
    const files = Array.from(e.dataTransfer.files);
    if (roots.length === 0) {
      onSelect(entriesFromFileList(files), [], 'Dropped');
      return;
    }
    const unreadable: SkippedFile[] = [];
    walkEntries(roots, (path, message) => unreadable.push({ path, reason: 'unreadable', detail: message }))
      .then((entries) => onSelect(entries, unreadable, 'Dropped'))
      .catch((err: unknown) =>
        onReadError(`Could not read the dropped items (${errorText(err)}). Try the “Choose folder” button.`),
      );
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    folderInput.current?.click();
  };

  return (
    <>
      <div
        className={`data-drop${dragging ? ' data-drop-over' : ''}${disabled ? ' data-drop-disabled' : ''}`}
        role="button"
        tabIndex={disabled ? -1 : 0}
        aria-disabled={disabled}
        aria-label="Drop a folder or an archive (.zip, .tar, .tar.gz) of face images here, or press Enter or click to choose a folder"
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
        <strong>Drop a folder, a .zip, .tar or .tar.gz here</strong>
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
          accept={ACCEPT}
          data-testid="data-files-input"
          onChange={(e) => onPicked(e.currentTarget, 'Files')}
        />
      </div>
    </>
  );
}
