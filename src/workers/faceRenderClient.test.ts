import { describe, expect, it } from 'vitest';
import type { SyntheticFaces } from '../data/synthetic/syntheticFaces';
import { createFaceRenderClient } from './faceRenderClient';
import type { FaceRenderRequest, FaceRenderResponse } from './faceRenderProtocol';
import type { WorkerLike } from './rpc';

/** A dataset of 2-pixel images: image i is [i, i + 100]. */
const faces = {
  spec: { width: 2, height: 1, channels: 1 },
  settings: { seed: 3 },
  render: (image: number) => Uint8Array.of(image, image + 100),
} as unknown as SyntheticFaces;

/** A worker that renders the requested images of `faces` packed one after another, or fails to load. */
function fakeWorker(requests: FaceRenderRequest[], broken: boolean) {
  const w: WorkerLike<FaceRenderRequest, FaceRenderResponse> = {
    onmessage: null,
    onerror: null,
    terminate: () => undefined,
    postMessage(request, transfer = []) {
      const req = structuredClone(request, { transfer });
      requests.push(req);
      setTimeout(() => {
        if (broken) return w.onerror?.({ message: 'out of memory' });
        const pixels = Uint8Array.from([...req.images].flatMap((i) => [i, i + 100]));
        w.onmessage?.({ data: { id: req.id, type: 'pixels', pixels } });
      }, 1);
    },
  };
  return w;
}

describe('renderFaceOffThread', () => {
  it('sends the images asked for within one task as one request, and gives each caller its own pixels', async () => {
    const requests: FaceRenderRequest[] = [];
    const render = createFaceRenderClient(() => fakeWorker(requests, false));
    const got = await Promise.all([render(faces, 4), render(faces, 9), render(faces, 0)]);
    expect(got.map((p) => [...p])).toEqual([
      [4, 104],
      [9, 109],
      [0, 100],
    ]);
    expect(requests.map((r) => [r.type, [...r.images], r.settings])).toEqual([['render', [4, 9, 0], { seed: 3 }]]);
  });

  it('a worker that fails rejects every image it held with a clear message; the next request starts a fresh one', async () => {
    const requests: FaceRenderRequest[] = [];
    let made = 0;
    const render = createFaceRenderClient(() => fakeWorker(requests, made++ === 0));
    const failed = await Promise.allSettled([render(faces, 1), render(faces, 2)]);
    expect(failed.map((r) => r.status === 'rejected' && String(r.reason))).toEqual([
      'Error: The face-render worker stopped (out of memory).',
      'Error: The face-render worker stopped (out of memory).',
    ]);
    expect([...(await render(faces, 5))]).toEqual([5, 105]);
    expect(made).toBe(2);
  });

  it('without workers renders on the calling thread', async () => {
    expect([...(await createFaceRenderClient(null)(faces, 7))]).toEqual([7, 107]);
  });
});
