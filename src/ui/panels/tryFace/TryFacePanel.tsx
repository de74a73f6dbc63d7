/**
 * Try a face: drop or pick one photo; it is put in the dataset's stored form, embedded by the current network in
 * the training worker, and answered with its nearest held-out identities and a same / different verdict at the
 * threshold of the evaluation's threshold explorer.
 */
import { useEffect, useState, useSyncExternalStore, type DragEvent } from 'react';
import { imagesFor, type ImageLookup } from '../../../state/datasetImages';
import type { DatasetChoice } from '../../../train/datasetSource';
import type { TryFaceState } from '../../../state/tryFace';
import { SHOWN_MATCHES, verdictAt } from '../../../state/tryFace';
import { thresholdChoice, thresholdFor } from '../../../state/thresholdChoice';
import { Panel } from '../../Panel';
import { ImageStrip } from '../data/ImageStrip';
import { fixed, percent } from '../evaluation/format';
import { SnapPhoto } from './SnapPhoto';
import { tryFace } from './tryFaceInstance';
import './tryFace.css';

function useTryFace<T>(select: (s: TryFaceState) => T): T {
  return useSyncExternalStore(tryFace.store.subscribe, () => select(tryFace.store.get()));
}

function firstImage(files: FileList | null | undefined): File | null {
  return files
    ? ([...files].find((f) => f.type.startsWith('image/') || /\.(jpe?g|png|webp|gif|bmp|avif)$/i.test(f.name)) ?? null)
    : null;
}

/** Thumbnails of the evaluated dataset (none before an evaluation). */
function useLookup(choice: DatasetChoice | null): ImageLookup | null {
  const [lookup, setLookup] = useState<{ choice: DatasetChoice; lookup: ImageLookup } | null>(null);
  useEffect(() => {
    if (!choice) return;
    let alive = true;
    void imagesFor(choice).then((l) => alive && setLookup({ choice, lookup: l }));
    return () => {
      alive = false;
    };
  }, [choice]);
  return lookup && lookup.choice === choice ? lookup.lookup : null;
}

export function TryFacePanel() {
  const state = useTryFace((s) => s);
  const choice = useSyncExternalStore(thresholdChoice.subscribe, thresholdChoice.get);
  const lookup = useLookup(state.record?.dataset ?? null);
  const [over, setOver] = useState(false);
  const take = (f: File | null) => f && void tryFace.tryPhoto(f, f.name);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(firstImage(e.dataTransfer.files));
  };
  const { record, matches, probe } = state;
  const threshold = record ? thresholdFor(record, choice) : null;
  const chosen = state.chosen ?? matches[0]?.identity ?? null;
  const judged = record && threshold !== null && chosen !== null ? verdictAt(state, chosen, threshold) : null;
  const nameOf = (row: number) => (record && lookup ? lookup.name(record.embeddings.images[row] ?? 0) : '');
  return (
    <Panel id="try-face" title="Try a face">
      <div
        className={`try-drop${over ? ' try-drop-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="try-drop"
      >
        <p>Drop a photo here, or</p>
        <label className="try-pick">
          <span>pick a photo: </span>
          <input
            type="file"
            aria-label="Pick a photo to try"
            accept="image/*"
            onChange={(e) => take(firstImage(e.target.files))}
            data-testid="try-file"
          />
        </label>
        <SnapPhoto onPhoto={(photo) => void tryFace.tryPhoto(photo, 'camera photo')} />
        <p className="hint">
          It is compared with the held-out identities of the latest evaluation, by the current network.
        </p>
      </div>
      {(state.status === 'preparing' || state.status === 'embedding') && (
        <p className="hint" data-testid="try-status">
          {state.status === 'preparing' ? 'Finding and aligning the face…' : 'Embedding with the current network…'}
        </p>
      )}
      {state.message && (
        <p
          className={state.status === 'error' ? 'eval-error' : 'hint'}
          role={state.status === 'error' ? 'alert' : undefined}
          data-testid="try-message"
        >
          {state.message}
        </p>
      )}
      {state.status === 'done' && probe && record && (
        <div className="try-result" data-testid="try-result" data-first={matches[0]?.identity} data-step={state.step}>
          <figure>
            <ImageStrip
              pixels={probe.pixels}
              count={1}
              width={probe.size}
              height={probe.size}
              channels={probe.channels}
              scale={2}
              label={`the photo ${probe.name} as the network sees it`}
            />
            <figcaption>{probe.name}</figcaption>
          </figure>
          <ol className="try-matches" data-testid="try-matches">
            {matches.slice(0, SHOWN_MATCHES).map((m) => (
              <li key={m.identity} data-identity={m.identity} data-distance={m.distance}>
                <button
                  type="button"
                  className="link"
                  aria-pressed={m.identity === chosen}
                  onClick={() => tryFace.choose(m.identity)}
                >
                  {lookup && (
                    <ImageStrip
                      pixels={lookup.pixels(record.embeddings.images[m.row] ?? 0)}
                      count={1}
                      width={lookup.size}
                      height={lookup.size}
                      channels={lookup.channels}
                      scale={1.5}
                      label={nameOf(m.row)}
                    />
                  )}
                  <span>
                    identity {m.identity} <small>{nameOf(m.row)}</small>
                  </span>
                  <span>d = {fixed(m.distance)}</span>
                </button>
              </li>
            ))}
          </ol>
          {judged && (
            <p
              className="try-verdict"
              data-testid="try-verdict"
              data-same={judged.verdict.same}
              data-threshold={judged.verdict.threshold}
              data-far={judged.stats.far}
              data-tar={judged.stats.tar}
            >
              <strong>{judged.verdict.same ? 'Same person' : 'Different person'}</strong> as identity {chosen}: its
              closest held-out photo is at d = {fixed(judged.verdict.distance)} {judged.verdict.same ? '≤' : '>'}{' '}
              threshold {fixed(judged.verdict.threshold)} (the threshold explorer's). At this threshold the held-out
              pairs have FAR {percent(judged.stats.far, 2)} and TAR {percent(judged.stats.tar)}; these rates are per
              pair of photos, and the photo is compared with the identity's closest one.
            </p>
          )}
        </div>
      )}
    </Panel>
  );
}
