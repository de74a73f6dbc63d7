/** Pick an identity, select some of its images, then move them, split them off as a new identity, or delete them. */
import { useState } from 'react';
import { imageBytes } from '../../../../data/imageSpec';
import { datasetEditor } from '../../../../state/datasetEditor';
import { ImageStrip } from '../ImageStrip';
import type { EditingViewData } from './DatasetEditing';
import { IdentityPicker } from './IdentityPicker';

/** Images of one identity shown for selection; the rest are reached by editing in steps. */
const MAX_SHOWN = 60;

export function ImageEditing({
  datasetId,
  names,
  counts,
  starts,
  thumbs,
  thumb,
  busy,
}: EditingViewData & { busy: boolean }) {
  const [identity, setIdentity] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [to, setTo] = useState(0);
  const [splitName, setSplitName] = useState('');
  const id = Math.min(identity, names.length - 1);
  const start = starts[id] ?? 0;
  const n = Math.min(counts[id] ?? 0, MAX_SHOWN);
  const tb = imageBytes(thumb);
  const images = [...selected].sort((a, b) => a - b);
  const pick = (next: number) => {
    setIdentity(next);
    setSelected(new Set());
  };
  const run = (edit: Parameters<typeof datasetEditor.apply>[1]) =>
    void datasetEditor.apply(datasetId, edit).then((ok) => ok && setSelected(new Set()));
  const s = images.length === 1 ? '' : 's';
  return (
    <div className="data-editing-images-box">
      <div className="data-editing-row">
        <IdentityPicker names={names} value={id} onChange={pick} label="Images of" testId="edit-images-identity" />
        <span className="hint">
          {selected.size} of {counts[id] ?? 0} selected
          {(counts[id] ?? 0) > MAX_SHOWN ? ` (first ${MAX_SHOWN} shown)` : ''}
        </span>
      </div>
      <ul className="data-editing-images" data-testid="edit-images">
        {Array.from({ length: n }, (_, k) => {
          const image = start + k;
          const on = selected.has(image);
          return (
            <li key={image}>
              <button
                type="button"
                aria-pressed={on}
                onClick={() =>
                  setSelected((old) => {
                    const next = new Set(old);
                    if (on) next.delete(image);
                    else next.add(image);
                    return next;
                  })
                }
                data-testid="edit-image"
              >
                <ImageStrip
                  pixels={thumbs.subarray(image * tb, (image + 1) * tb)}
                  count={1}
                  width={thumb.width}
                  height={thumb.height}
                  channels={thumb.channels}
                  scale={thumb.width <= 32 ? 1.5 : 1}
                  label={`${names[id] ?? id}, image ${k + 1}`}
                />
              </button>
            </li>
          );
        })}
      </ul>
      <div className="data-editing-row">
        <IdentityPicker
          names={names}
          value={Math.min(to, names.length - 1)}
          onChange={setTo}
          label="Move to"
          testId="edit-move-to"
        />
        <button
          type="button"
          disabled={busy || images.length === 0 || to === id}
          onClick={() => run({ kind: 'move', images, to: Math.min(to, names.length - 1) })}
          data-testid="edit-move"
        >
          Move {images.length} image{s}
        </button>
        <label className="data-field">
          <span>New identity</span>
          <input value={splitName} onChange={(e) => setSplitName(e.target.value)} data-testid="edit-split-name" />
        </label>
        <button
          type="button"
          disabled={busy || images.length === 0 || !splitName.trim()}
          onClick={() => run({ kind: 'split', images, name: splitName })}
          data-testid="edit-split"
        >
          Split off
        </button>
        <button
          type="button"
          disabled={busy || images.length === 0}
          onClick={() => run({ kind: 'delete', images })}
          data-testid="edit-delete"
        >
          Delete {images.length} image{s}
        </button>
      </div>
    </div>
  );
}
