/**
 * "From the camera": a live preview (the camera frame with the detected face box and eyes drawn over it, beside the
 * face as it would be stored, aligned when the dataset is), then a burst of
 * frames after a countdown, stored as a new identity (in a new dataset or an existing one) or added to an identity.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { WebcamState } from '../../../../state/webcamCapture';
import { DEFAULT_CAPTURE } from '../../../../state/webcamCapture';
import { datasetLibrary } from '../../../../state/datasets';
import { ImageStrip } from '../ImageStrip';
import { FaceOverlay } from './FaceOverlay';
import { useDatasets } from '../useDatasets';
import { useCamera } from './useCamera';
import { webcam } from './webcamInstance';
import './webcam.css';

const NEW_SPEC = { width: 64, height: 64, channels: 3 } as const;

function useWebcam<T>(select: (s: WebcamState) => T): T {
  return useSyncExternalStore(webcam.store.subscribe, () => select(webcam.store.get()));
}

/** Identity names of a stored dataset, for "add to identity". */
function useIdentityNames(id: string | null, version: unknown): string[] {
  const [names, setNames] = useState<{ id: string; names: string[] } | null>(null);
  useEffect(() => {
    if (!id) return;
    let alive = true;
    // The thumbnails' read (in the storage worker) carries the names without the full-size pixels.
    void datasetLibrary.thumbs(id).then(
      (d) => alive && setNames({ id, names: d.identityNames }),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [id, version]);
  return names && names.id === id ? names.names : [];
}

export function WebcamCapture() {
  const state = useWebcam((s) => s);
  const datasets = useDatasets((s) => s.datasets);
  const [target, setTarget] = useState<string>('new');
  const existing = datasets.find((d) => d.id === target && !d.importing) ?? null;
  const names = useIdentityNames(existing?.id ?? null, existing?.images);
  const [identity, setIdentity] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [datasetName, setDatasetName] = useState('Webcam');
  const [align, setAlign] = useState(true);
  const [frames, setFrames] = useState(DEFAULT_CAPTURE.frames);
  const [spacing, setSpacing] = useState(DEFAULT_CAPTURE.spacingMs);
  const [countdown, setCountdown] = useState(DEFAULT_CAPTURE.countdownS);
  const form = existing
    ? { spec: existing.spec, aligned: existing.aligned === true }
    : { spec: NEW_SPEC, aligned: align };
  const camera = useCamera(state.status, form);
  const busy = state.status === 'countdown' || state.status === 'capturing' || state.status === 'saving';

  const capture = async () => {
    const ok = await webcam.capture(
      camera.grab,
      { frames, spacingMs: spacing, countdownS: countdown },
      existing
        ? { kind: 'existing', datasetId: existing.id, identity, identityName: name, form }
        : { kind: 'new', datasetName, identityName: name, form },
    );
    if (ok && !existing) {
      await datasetLibrary.refresh();
      const made = datasetLibrary.store.get().datasets.at(-1);
      if (made) setTarget(made.id); // the next burst adds an identity to the same dataset
    }
    if (ok) setName('');
  };

  return (
    <div className="webcam" data-testid="webcam">
      {!camera.live ? (
        <button
          type="button"
          onClick={() => void camera.start()}
          disabled={state.status === 'starting'}
          data-testid="webcam-start"
        >
          {state.status === 'starting' ? 'Asking for the camera…' : 'Start camera'}
        </button>
      ) : (
        <button type="button" onClick={camera.stop} disabled={busy} data-testid="webcam-stop">
          Stop camera
        </button>
      )}
      {state.message && (
        <p
          className={state.status === 'error' ? 'data-inline-error' : 'hint'}
          role={state.status === 'error' ? 'alert' : 'status'}
          data-testid="webcam-message"
        >
          {state.message}
        </p>
      )}
      <div className="webcam-live" hidden={!camera.live}>
        <div className="webcam-frame">
          <video ref={camera.video} autoPlay playsInline muted className="webcam-video" data-testid="webcam-video" />
          <FaceOverlay face={state.preview?.found ? state.preview.face : undefined} />
        </div>
        <figure className="webcam-preview" data-testid="webcam-preview" data-found={state.preview?.found ?? ''}>
          {state.preview?.found ? (
            <ImageStrip
              pixels={state.preview.pixels}
              count={1}
              width={state.preview.size}
              height={state.preview.size}
              channels={state.preview.channels}
              scale={2}
              label="the face as it will be stored"
            />
          ) : (
            <div className="webcam-noface">{state.preview ? `No face: ${state.preview.why}` : 'Looking…'}</div>
          )}
          <figcaption>{form.aligned ? 'Aligned face (eyes level), as stored' : 'Centre crop, as stored'}</figcaption>
        </figure>
        {state.status === 'countdown' && (
          <p className="webcam-countdown" aria-live="assertive">
            {state.countdown}
          </p>
        )}
        {state.status === 'capturing' && (
          <p className="hint" data-testid="webcam-progress">
            {state.captured} frames kept, {state.missed} without a face
          </p>
        )}
      </div>
      <div className="data-fields">
        <label className="data-field">
          <span>Store in</span>
          <select
            value={existing ? existing.id : 'new'}
            onChange={(e) => setTarget(e.target.value)}
            data-testid="webcam-target"
          >
            <option value="new">a new dataset</option>
            {datasets
              .filter((d) => !d.importing)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
          </select>
        </label>
        {!existing && (
          <>
            <label className="data-field">
              <span>Dataset name</span>
              <input
                value={datasetName}
                onChange={(e) => setDatasetName(e.target.value)}
                data-testid="webcam-dataset-name"
              />
            </label>
            <label className="data-field">
              <span>Align faces</span>
              <input
                type="checkbox"
                checked={align}
                onChange={(e) => setAlign(e.target.checked)}
                data-testid="webcam-align"
              />
            </label>
          </>
        )}
        {existing && (
          <label className="data-field">
            <span>Identity</span>
            <select
              value={identity ?? 'new'}
              onChange={(e) => setIdentity(e.target.value === 'new' ? null : Number(e.target.value))}
              data-testid="webcam-identity"
            >
              <option value="new">a new identity</option>
              {names.map((n, i) => (
                <option key={i} value={i}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        {(!existing || identity === null) && (
          <label className="data-field">
            <span>Name</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Ada"
              data-testid="webcam-name"
            />
          </label>
        )}
        <label className="data-field">
          <span>Frames</span>
          <input
            type="number"
            min={1}
            max={100}
            value={frames}
            onChange={(e) => setFrames(Number(e.target.value))}
            data-testid="webcam-frames"
          />
        </label>
        <label className="data-field">
          <span>Spacing (ms)</span>
          <input
            type="number"
            min={0}
            max={10000}
            step={100}
            value={spacing}
            onChange={(e) => setSpacing(Number(e.target.value))}
            data-testid="webcam-spacing"
          />
        </label>
        <label className="data-field">
          <span>Countdown (s)</span>
          <input
            type="number"
            min={0}
            max={30}
            value={countdown}
            onChange={(e) => setCountdown(Number(e.target.value))}
            data-testid="webcam-countdown"
          />
        </label>
      </div>
      <button type="button" disabled={!camera.live || busy} onClick={() => void capture()} data-testid="webcam-capture">
        {state.status === 'saving' ? 'Saving…' : `Capture ${frames} frame${frames === 1 ? '' : 's'}`}
      </button>
    </div>
  );
}
