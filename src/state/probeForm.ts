/**
 * A photo for try-a-face in the stored form of the dataset the network trains on: face-aligned by the face-align
 * worker when the dataset's images are, a centre crop by a decode worker otherwise. One worker of each kind is
 * kept after first use: the face detector's models load once, not once per photo.
 */
import type { ImageSpec } from '../data/imageSpec';
import type { DetectedFaceGeometry } from '../data/processImage';
import { SKIP_MESSAGES } from '../data/importReport';
import type { DecodePool } from '../workers/decodePool';
import { createBrowserDecodePool } from '../workers/decodePool';
import { createFaceAlignPool } from '../workers/faceAlignPool';

export interface ProbeForm {
  spec: ImageSpec;
  /** The dataset's images are faces aligned on the eyes. */
  aligned: boolean;
}

const pools: Partial<Record<'aligned' | 'crop', DecodePool>> = {};

/** A stored form, with where the face was found in the photo when it was aligned. */
export interface Prepared {
  pixels: Uint8Array;
  thumb: Uint8Array;
  /** The detected face in the decoded photo, which is frameWidth × frameHeight pixels (aligned forms only). */
  face?: DetectedFaceGeometry & { frameWidth: number; frameHeight: number };
}

/** A photo (or a webcam frame) as an import stores it: pixels and thumbnail; rejects saying why it cannot be. */
export async function prepareStored(photo: Blob, name: string, form: ProbeForm): Promise<Prepared> {
  const kind = form.aligned ? 'aligned' : 'crop';
  const pool = (pools[kind] ??= form.aligned ? createFaceAlignPool(1) : createBrowserDecodePool(1));
  const out = await pool.process(photo, name, form.spec);
  if (!out.ok)
    throw new Error(`${SKIP_MESSAGES[out.reason].label}: ${out.detail ?? SKIP_MESSAGES[out.reason].message}`);
  return {
    pixels: out.pixels,
    thumb: out.thumb,
    ...(out.face ? { face: { ...out.face, frameWidth: out.width, frameHeight: out.height } } : {}),
  };
}

export async function prepareProbe(
  photo: Blob,
  name: string,
  form: ProbeForm,
): Promise<{ pixels: Uint8Array; size: number; channels: 1 | 3 }> {
  const { pixels } = await prepareStored(photo, name, form);
  return { pixels, size: form.spec.width, channels: form.spec.channels };
}
