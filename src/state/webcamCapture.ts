/**
 * A new identity from the camera (Teachable Machine's way of making a class): a live preview of the aligned face
 * (with the detected box and eyes, in the frame's pixels, for the page to draw over the camera), then a burst of N frames, `spacingMs` apart after a countdown, each frame put in the dataset's stored form by the
 * same worker an import uses (face-aligned when the dataset is), and stored as a new identity or added to one.
 * The page supplies the camera and the frame grabber; this controller holds no DOM and is tested with fakes.
 */
import { CAMERA_MESSAGES, describeCameraError } from '../data/cameraErrors';
import type { AddedImages } from '../data/datasetEdits';
import { newImportMeta } from '../data/datasetMeta';
import type { ImageSpec } from '../data/imageSpec';
import { errorText } from '../common/errorText';
import type { DatasetEditor } from './datasetEditing';
import type { Prepared } from './probeForm';
import { createStore } from './store';

export interface CaptureSettings {
  frames: number;
  /** Between two frames. */
  spacingMs: number;
  /** Before the first frame. */
  countdownS: number;
}

/** The identity split seed of a dataset made from the camera: the imports' (datasets.ts IMPORT_SPLIT_SEED). */
const WEBCAM_SPLIT_SEED = 1;

export const DEFAULT_CAPTURE: CaptureSettings = { frames: 10, spacingMs: 300, countdownS: 3 };

export interface StoredForm {
  spec: ImageSpec;
  aligned: boolean;
}

export type CaptureTarget =
  | { kind: 'new'; datasetName: string; identityName: string; form: StoredForm }
  /** identity null: a new identity called identityName in the dataset. */
  | { kind: 'existing'; datasetId: string; identity: number | null; identityName: string; form: StoredForm };

export interface WebcamState {
  status: 'off' | 'starting' | 'live' | 'countdown' | 'capturing' | 'saving' | 'error';
  message: string | null;
  /** Seconds left before the burst. */
  countdown: number;
  /** Frames kept and frames without a usable face in the burst so far. */
  captured: number;
  missed: number;
  /**
   * The last preview frame in stored form, with the detected face box and eyes in the frame's pixels when aligned,
   * or found: false when no face was found in it.
   */
  preview:
    | { pixels: Uint8Array; size: number; channels: 1 | 3; found: true; face?: Prepared['face'] }
    | { found: false; why: string }
    | null;
}

export interface WebcamDeps {
  /** navigator.mediaDevices.getUserMedia, or undefined where the page may not use cameras (http). */
  getUserMedia: ((c: MediaStreamConstraints) => Promise<MediaStream>) | undefined;
  prepare(frame: Blob, name: string, form: StoredForm): Promise<Prepared>;
  editor: Pick<DatasetEditor, 'apply' | 'createWith'>;
  wait(ms: number): Promise<void>;
  newId(): string;
}

const INITIAL: WebcamState = { status: 'off', message: null, countdown: 0, captured: 0, missed: 0, preview: null };

function checkSettings(s: CaptureSettings): string | null {
  if (!Number.isInteger(s.frames) || s.frames < 1 || s.frames > 100) return `Capture 1 to 100 frames, not ${s.frames}.`;
  if (!(s.spacingMs >= 0 && s.spacingMs <= 10_000)) return `The spacing must be 0 to 10 000 ms, not ${s.spacingMs}.`;
  if (!(s.countdownS >= 0 && s.countdownS <= 30)) return `The countdown must be 0 to 30 s, not ${s.countdownS}.`;
  return null;
}

export function createWebcamCapture(deps: WebcamDeps) {
  const store = createStore<WebcamState>(INITIAL);
  const patch = (p: Partial<WebcamState>) => store.set((s) => ({ ...s, ...p }));
  let previewing = false;

  return {
    store,
    /** Opens the camera; resolves with its stream, or null with the reason in `message`. */
    async start(): Promise<MediaStream | null> {
      if (!deps.getUserMedia) {
        patch({ status: 'error', message: CAMERA_MESSAGES.insecure });
        return null;
      }
      patch({ status: 'starting', message: null });
      try {
        const stream = await deps.getUserMedia({
          video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
          audio: false,
        });
        patch({ status: 'live' });
        return stream;
      } catch (e) {
        patch({ status: 'error', message: describeCameraError(e) });
        return null;
      }
    },
    stop(stream: MediaStream | null): void {
      for (const track of stream?.getTracks() ?? []) track.stop();
      store.set(() => INITIAL);
    },
    /** One preview frame through the stored form (skipped while the previous one is still in the worker). */
    async preview(frame: Blob, form: StoredForm): Promise<void> {
      if (previewing || store.get().status !== 'live') return;
      previewing = true;
      try {
        const { pixels, face } = await deps.prepare(frame, 'preview.png', form);
        if (store.get().status === 'live')
          patch({
            preview: {
              pixels,
              size: form.spec.width,
              channels: form.spec.channels,
              found: true,
              ...(face ? { face } : {}),
            },
          });
      } catch (e) {
        if (store.get().status === 'live') patch({ preview: { found: false, why: errorText(e) } });
      } finally {
        previewing = false;
      }
    },
    /** The burst: resolves true when the frames were stored. */
    async capture(grab: () => Promise<Blob>, settings: CaptureSettings, target: CaptureTarget): Promise<boolean> {
      const bad =
        checkSettings(settings) ??
        (target.identityName.trim() || (target.kind === 'existing' && target.identity !== null)
          ? null
          : 'Name the identity first.');
      if (bad) {
        patch({ message: bad });
        return false;
      }
      patch({ status: 'countdown', message: null, captured: 0, missed: 0 });
      for (let s = Math.ceil(settings.countdownS); s > 0; s--) {
        patch({ countdown: s });
        await deps.wait(1000);
      }
      patch({ status: 'capturing', countdown: 0 });
      const { spec } = target.form;
      const px = spec.width * spec.height * spec.channels;
      const kept: { pixels: Uint8Array; thumb: Uint8Array; path: string }[] = [];
      const folder = target.identityName.trim() || 'webcam';
      const stamp = Date.now();
      let missed = 0;
      let why = '';
      for (let f = 0; f < settings.frames; f++) {
        if (f > 0) await deps.wait(settings.spacingMs);
        const path = `webcam/${folder}/${stamp}_${String(f + 1).padStart(3, '0')}.png`;
        try {
          const frame = await grab();
          const { pixels, thumb } = await deps.prepare(frame, path, target.form);
          if (pixels.length !== px) throw new Error('the frame came back in another form');
          kept.push({ pixels, thumb, path });
        } catch (e) {
          missed++;
          why = errorText(e);
        }
        patch({ captured: kept.length, missed });
      }
      if (kept.length === 0) {
        patch({
          status: 'live',
          message: `None of the ${settings.frames} frames could be stored (${why}). Face the camera in good light and try again.`,
        });
        return false;
      }
      patch({ status: 'saving' });
      const images: AddedImages = {
        pixels: new Uint8Array(kept.length * px),
        thumbs: new Uint8Array(kept.reduce((n, k) => n + k.thumb.length, 0)),
        paths: kept.map((k) => k.path),
      };
      let at = 0;
      kept.forEach((k, i) => {
        images.pixels.set(k.pixels, i * px);
        images.thumbs.set(k.thumb, at);
        at += k.thumb.length;
      });
      const ok =
        target.kind === 'new'
          ? await deps.editor.createWith(
              newImportMeta(
                deps.newId(),
                target.datasetName.trim() || 'Webcam',
                spec,
                Date.now(),
                WEBCAM_SPLIT_SEED,
                target.form.aligned,
              ),
              folder,
              images,
            )
          : await deps.editor.apply(target.datasetId, { kind: 'add', identity: target.identity, name: folder, images });
      const skipped = missed > 0 ? ` ${missed} frame${missed === 1 ? '' : 's'} had no usable face (${why}).` : '';
      patch({
        status: 'live',
        message: ok
          ? `Stored ${kept.length} frame${kept.length === 1 ? '' : 's'} of “${folder}”.${skipped}`
          : 'The frames could not be stored: see the message under Edit identities.',
      });
      return ok;
    },
  };
}

export type WebcamCapture = ReturnType<typeof createWebcamCapture>;
