/**
 * "Edit identities" under the dataset view: rename, merge, per-image move / delete / split, duplicates; each edit
 * is stored at once and undoable (the undo stack lasts until the page reloads).
 */
import { useState } from 'react';
import type { ImageSpec } from '../../../../data/imageSpec';
import { datasetEditor } from '../../../../state/datasetEditor';
import { lab } from '../../../stores';
import { useLab } from '../../../useLab';
import { DuplicateList } from './DuplicateList';
import { IdentityPicker } from './IdentityPicker';
import { ImageEditing } from './ImageEditing';
import { useEditing } from './useEditing';
import './editing.css';

export interface EditingViewData {
  datasetId: string;
  names: readonly string[];
  counts: Int32Array;
  /** [identities] first image of each identity. */
  starts: Int32Array;
  /** [N, t, t, C] thumbnails. */
  thumbs: Uint8Array;
  thumb: ImageSpec;
}

export function DatasetEditing(props: EditingViewData) {
  const { datasetId, names } = props;
  const busy = useEditing((s) => s.busy);
  const error = useEditing((s) => s.error);
  const last = useEditing((s) => s.last);
  const undo = useEditing((s) => s.undo);
  const [renameId, setRenameId] = useState(0);
  const [newName, setNewName] = useState('');
  const [from, setFrom] = useState(Math.min(1, names.length - 1));
  const [into, setInto] = useState(0);
  const top = undo.at(-1);
  const dataset = useLab((s) => s.config.dataset);
  const trainedOn = dataset.kind === 'stored' && dataset.id === datasetId;
  const clamp = (i: number) => Math.min(i, Math.max(0, names.length - 1));
  return (
    <details className="data-editing" data-testid="data-editing">
      <summary>Edit identities</summary>
      <div className="data-editing-row">
        <button type="button" disabled={busy || !top} onClick={() => void datasetEditor.undo()} data-testid="edit-undo">
          {top ? `Undo: ${top.summary}` : 'Nothing to undo'}
        </button>
        {last && (
          <span className="hint" data-testid="edit-last">
            Last: {last}
          </span>
        )}
      </div>
      {trainedOn && last && (
        <p className="hint" data-testid="edit-run-note">
          The current run loaded this set before the edit and trains on it as it was.{' '}
          <button type="button" onClick={() => void lab.reconfigure(lab.store.get().config)}>
            Restart the run from its seed
          </button>{' '}
          to train on the edited set.
        </p>
      )}
      {error && (
        <p className="data-inline-error" role="alert" data-testid="edit-error">
          {error}
        </p>
      )}
      <div className="data-editing-row">
        <IdentityPicker
          names={names}
          value={clamp(renameId)}
          onChange={setRenameId}
          label="Rename"
          testId="edit-rename-identity"
        />
        <label className="data-field">
          <span>to</span>
          <input value={newName} onChange={(e) => setNewName(e.target.value)} data-testid="edit-rename-name" />
        </label>
        <button
          type="button"
          disabled={busy || !newName.trim()}
          onClick={() =>
            void datasetEditor
              .apply(datasetId, { kind: 'rename', identity: clamp(renameId), name: newName })
              .then((ok) => ok && setNewName(''))
          }
          data-testid="edit-rename"
        >
          Rename
        </button>
      </div>
      <div className="data-editing-row">
        <IdentityPicker names={names} value={clamp(from)} onChange={setFrom} label="Merge" testId="edit-merge-from" />
        <IdentityPicker names={names} value={clamp(into)} onChange={setInto} label="into" testId="edit-merge-into" />
        <button
          type="button"
          disabled={busy || clamp(from) === clamp(into)}
          onClick={() => void datasetEditor.apply(datasetId, { kind: 'merge', from: clamp(from), into: clamp(into) })}
          data-testid="edit-merge"
        >
          Merge
        </button>
      </div>
      <ImageEditing {...props} busy={busy} />
      <DuplicateList {...props} busy={busy} />
    </details>
  );
}
