/**
 * Gathers the images a face-align worker is decoding into batches for alignFaces, so several small images share one
 * detector pass (a mosaic). The worker tells it when a request comes in (hold) and when it is answered (release);
 * a batch goes when it is full, or when every request still held is waiting in it (nothing else is on its way), and
 * never while another batch is running. Pure: the worker shell owns the detector and the messages.
 */
import type { ImageSpec, RawImage } from '../data/imageSpec';
import type { FormResult } from '../data/processImage';

export type AlignMany = (raws: readonly RawImage[], spec: ImageSpec) => Promise<FormResult[]>;

export interface AlignBatcher {
  /** A request entered the worker. */
  hold(): void;
  /** A request was answered (whether or not it reached toStored). */
  release(): void;
  /** The stored form of one decoded image, aligned with the others of its batch. */
  toStored(raw: RawImage, spec: ImageSpec): Promise<FormResult>;
}

interface Waiting {
  raw: RawImage;
  spec: ImageSpec;
  resolve: (r: FormResult) => void;
  reject: (e: unknown) => void;
}

const sameSpec = (a: ImageSpec, b: ImageSpec) =>
  a.width === b.width && a.height === b.height && a.channels === b.channels;

/** @param maxBatch images per alignFaces call (MOSAIC_GRID² fills one mosaic) */
export function createAlignBatcher(alignMany: AlignMany, maxBatch: number): AlignBatcher {
  const queue: Waiting[] = [];
  let held = 0;
  let running = false;

  const pump = (): void => {
    if (running || queue.length === 0) return;
    if (queue.length < maxBatch && queue.length < held) return; // more are on their way
    const first = queue[0] as Waiting;
    const batch: Waiting[] = [];
    for (let i = 0; i < queue.length && batch.length < maxBatch;)
      if (sameSpec((queue[i] as Waiting).spec, first.spec)) batch.push(...queue.splice(i, 1));
      else i++;
    running = true;
    alignMany(
      batch.map((w) => w.raw),
      first.spec,
    )
      .then(
        (results) => batch.forEach((w, k) => w.resolve(results[k] ?? { ok: false, reason: 'faceDetectionFailed' })),
        (e: unknown) => batch.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        running = false;
        pump();
      });
  };

  return {
    hold() {
      held++;
    },
    release() {
      held--;
      pump();
    },
    toStored(raw, spec) {
      return new Promise<FormResult>((resolve, reject) => {
        queue.push({ raw, spec, resolve, reject });
        pump();
      });
    },
  };
}
