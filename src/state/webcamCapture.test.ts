import { describe, expect, it } from 'vitest';
import type { DatasetEdit } from '../data/datasetEdits';
import type { DatasetMeta } from '../data/datasetMeta';
import { createWebcamCapture, type StoredForm, type WebcamDeps } from './webcamCapture';

const FORM: StoredForm = { spec: { width: 2, height: 2, channels: 1 }, aligned: true };

/** Frames are blobs holding one byte, their number; frame 3 has no face. */
function fakes() {
  const calls: { apply: [string, DatasetEdit][]; create: [DatasetMeta, string, unknown][]; waits: number[] } = {
    apply: [],
    create: [],
    waits: [],
  };
  let n = 0;
  const deps: WebcamDeps = {
    getUserMedia: async () => ({ getTracks: () => [] }) as unknown as MediaStream,
    prepare: async (frame) => {
      const v = new Uint8Array(await frame.arrayBuffer())[0]!;
      if (v === 3) throw new Error('no face found');
      return { pixels: new Uint8Array(4).fill(v), thumb: Uint8Array.of(v) };
    },
    editor: {
      apply: async (id, edit) => calls.apply.push([id, edit]) > 0,
      createWith: async (meta, name, images) => calls.create.push([meta, name, images]) > 0,
    },
    wait: async (ms) => void calls.waits.push(ms),
    newId: () => 'cam-1',
  };
  const grab = async () => new Blob([Uint8Array.of(++n)]);
  return { deps, calls, grab };
}

describe('webcam capture', () => {
  it('the preview keeps the detected face (box and eyes in the frame) beside the stored pixels, and says when none', async () => {
    const { deps } = fakes();
    const face = {
      box: { x: 10, y: 20, width: 30, height: 40 },
      eyes: { left: { x: 18, y: 32 }, right: { x: 32, y: 32 } },
      frameWidth: 64,
      frameHeight: 48,
    };
    const cam = createWebcamCapture({
      ...deps,
      prepare: async (f) => ({ ...(await deps.prepare(f, '', FORM)), face }),
    });
    await cam.start();
    await cam.preview(new Blob([Uint8Array.of(7)]), FORM);
    expect(cam.store.get().preview).toEqual({
      pixels: new Uint8Array(4).fill(7),
      size: 2,
      channels: 1,
      found: true,
      face,
    });
    await cam.preview(new Blob([Uint8Array.of(3)]), FORM);
    expect(cam.store.get().preview).toEqual({ found: false, why: 'no face found' });
  });

  it('counts down, grabs N frames spaced apart, skips a frame without a face, and stores the rest as a new dataset', async () => {
    const { deps, calls, grab } = fakes();
    const cam = createWebcamCapture(deps);
    expect(await cam.start()).not.toBeNull();
    const ok = await cam.capture(
      grab,
      { frames: 4, spacingMs: 250, countdownS: 2 },
      { kind: 'new', datasetName: 'Webcam', identityName: 'me', form: FORM },
    );
    expect(ok).toBe(true);
    expect(calls.waits).toEqual([1000, 1000, 250, 250, 250]);
    const [meta, name, images] = calls.create[0]!;
    expect(meta).toMatchObject({ id: 'cam-1', name: 'Webcam', aligned: true, spec: FORM.spec });
    expect(name).toBe('me');
    const added = images as { pixels: Uint8Array; thumbs: Uint8Array; paths: string[] };
    expect(Array.from(added.pixels)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4]);
    expect(Array.from(added.thumbs)).toEqual([1, 2, 4]);
    expect(added.paths.map((p) => p.replace(/\d{13}_/, ''))).toEqual([
      'webcam/me/001.png',
      'webcam/me/002.png',
      'webcam/me/004.png',
    ]);
    expect(cam.store.get()).toMatchObject({ status: 'live', captured: 3, missed: 1 });
    expect(cam.store.get().message).toBe('Stored 3 frames of “me”. 1 frame had no usable face (no face found).');
  });

  it('adds frames to an existing identity', async () => {
    const { deps, calls, grab } = fakes();
    const cam = createWebcamCapture(deps);
    await cam.capture(
      grab,
      { frames: 1, spacingMs: 0, countdownS: 0 },
      { kind: 'existing', datasetId: 'd9', identity: 2, identityName: '', form: FORM },
    );
    expect(calls.apply).toHaveLength(1);
    expect(calls.apply[0]![0]).toBe('d9');
    expect(calls.apply[0]![1]).toMatchObject({ kind: 'add', identity: 2 });
  });

  it('says why the camera did not start, and refuses bad settings', async () => {
    const refuse = (name: string) => async () => Promise.reject(Object.assign(new Error('x'), { name }));
    for (const [name, text] of [
      ['NotAllowedError', 'Camera access was refused'],
      ['NotFoundError', 'No camera was found'],
      ['NotReadableError', 'in use by another application'],
    ] as const) {
      const cam = createWebcamCapture({ ...fakes().deps, getUserMedia: refuse(name) });
      expect(await cam.start()).toBeNull();
      expect(cam.store.get()).toMatchObject({ status: 'error' });
      expect(cam.store.get().message).toContain(text);
    }
    const insecure = createWebcamCapture({ ...fakes().deps, getUserMedia: undefined });
    await insecure.start();
    expect(insecure.store.get().message).toContain('only on https:// or localhost');
    const { deps, grab } = fakes();
    const cam = createWebcamCapture(deps);
    expect(
      await cam.capture(
        grab,
        { frames: 0, spacingMs: 0, countdownS: 0 },
        { kind: 'new', datasetName: '', identityName: 'me', form: FORM },
      ),
    ).toBe(false);
    expect(cam.store.get().message).toBe('Capture 1 to 100 frames, not 0.');
    expect(
      await cam.capture(
        grab,
        { frames: 2, spacingMs: 0, countdownS: 0 },
        { kind: 'new', datasetName: '', identityName: ' ', form: FORM },
      ),
    ).toBe(false);
    expect(cam.store.get().message).toBe('Name the identity first.');
  });
});
