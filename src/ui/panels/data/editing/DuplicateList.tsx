/**
 * Duplicate and near-duplicate photos across identities (dHash within a few bits), each pair with its two
 * thumbnails and the fixes: delete the second, or move it to the first one's identity.
 */
import { useState } from 'react';
import type { DuplicatePair } from '../../../../data/perceptualHash';
import { NEAR_DUPLICATE_BITS } from '../../../../data/perceptualHash';
import { scanDuplicates } from '../../../../data/duplicateScan';
import { imageBytes } from '../../../../data/imageSpec';
import { errorText } from '../../../../common/errorText';
import { datasetEditor } from '../../../../state/datasetEditor';
import { datasetLibrary } from '../../../../state/datasets';
import { ImageStrip } from '../ImageStrip';
import type { EditingViewData } from './DatasetEditing';
import { useEditing } from './useEditing';

/** Pairs listed; the count says how many there are. */
const SHOWN = 50;

type Scan =
  | { status: 'idle' | 'scanning' }
  | { status: 'done'; pairs: DuplicatePair[]; version: number }
  | { status: 'error'; message: string };

/** The identity whose run of images holds `image` (images are stored identity by identity): binary search. */
function identityOfImage(starts: Int32Array, image: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= image) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function DuplicateList({ datasetId, names, starts, thumbs, thumb, busy }: EditingViewData & { busy: boolean }) {
  const [scan, setScan] = useState<Scan>({ status: 'idle' });
  const version = useEditing((s) => s.version);
  const tb = imageBytes(thumb);
  const start = async () => {
    setScan({ status: 'scanning' });
    try {
      const d = await datasetLibrary.load(datasetId);
      const pairs = await scanDuplicates({ pixels: d.pixels, labels: d.labels, spec: d.meta.spec });
      setScan({ status: 'done', pairs, version: datasetEditor.state.get().version });
    } catch (e) {
      setScan({ status: 'error', message: `Could not scan for duplicates: ${errorText(e)}.` });
    }
  };
  // Indices change with any edit: a list from before it is stale.
  const fresh = scan.status === 'done' && scan.version === version ? scan : null;
  const labelOfImage = (image: number) => identityOfImage(starts, image);
  const labelsOf = (image: number) => names[labelOfImage(image)] ?? '?';
  return (
    <div className="data-duplicates-box">
      <div className="data-editing-row">
        <button
          type="button"
          disabled={scan.status === 'scanning'}
          onClick={() => void start()}
          data-testid="edit-find-duplicates"
        >
          {scan.status === 'scanning' ? 'Hashing the images…' : 'Find duplicates across identities'}
        </button>
        <span className="hint">
          Perceptual hash (dHash): photos within {NEAR_DUPLICATE_BITS} of 64 bits are flagged.
        </span>
      </div>
      {scan.status === 'error' && (
        <p className="data-inline-error" role="alert">
          {scan.message}
        </p>
      )}
      {fresh && (
        <p className="hint" data-testid="edit-duplicates-count" data-count={fresh.pairs.length}>
          {fresh.pairs.length === 0
            ? 'No duplicates across identities.'
            : `${fresh.pairs.length} pair${fresh.pairs.length === 1 ? '' : 's'} flagged, closest first.`}
        </p>
      )}
      {fresh && fresh.pairs.length > 0 && (
        <ul className="data-duplicates" data-testid="edit-duplicates">
          {fresh.pairs.slice(0, SHOWN).map(({ a, b, bits }) => (
            <li key={`${a}-${b}`}>
              {[a, b].map((image) => (
                <ImageStrip
                  key={image}
                  pixels={thumbs.subarray(image * tb, (image + 1) * tb)}
                  count={1}
                  width={thumb.width}
                  height={thumb.height}
                  channels={thumb.channels}
                  label={`${labelsOf(image)}, image ${image}`}
                />
              ))}
              <span>
                {labelsOf(a)} / {labelsOf(b)}: {bits === 0 ? 'identical hash' : `${bits} bits apart`}
              </span>
              <button
                type="button"
                disabled={busy}
                onClick={() => void datasetEditor.apply(datasetId, { kind: 'delete', images: [b] })}
              >
                Delete the second
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => void datasetEditor.apply(datasetId, { kind: 'move', images: [b], to: labelOfImage(a) })}
              >
                Move it to {labelsOf(a)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
