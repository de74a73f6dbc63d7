import { describe, expect, it } from 'vitest';
import { createModelCheckClient } from './modelCheckClient';
import type { ModelCheckRequest, ModelCheckResponse } from './modelCheckProtocol';
import type { WorkerLike } from './rpc';

const info = { params: 15, inputShape: [null, 4], embeddingDim: 3, probeNorm: 1.5 };

/** A worker that answers each check with `info` and the names it was sent, or fails to load. */
function fakeWorker(requests: ModelCheckRequest[], broken: boolean) {
  const w: WorkerLike<ModelCheckRequest, ModelCheckResponse> = {
    onmessage: null,
    onerror: null,
    terminate: () => undefined,
    postMessage(request) {
      requests.push(request);
      setTimeout(() => {
        if (broken) return w.onerror?.({ message: 'Failed to fetch dynamically imported module' });
        w.onmessage?.({ data: { id: request.id, type: 'checked', info } });
      }, 1);
    },
  };
  return w;
}

const json = new File(['{}'], 'model.json');
const bin = new File([new Uint8Array(8)], 'weights.bin');

describe('checkModelFiles (page side)', () => {
  it('sends model.json first and resolves with what the worker loaded', async () => {
    const requests: ModelCheckRequest[] = [];
    const check = createModelCheckClient(() => fakeWorker(requests, false));
    await expect(check([bin, json])).resolves.toEqual(info);
    expect(requests.map((r) => [r.type, r.files.map((f) => f.name)])).toEqual([
      ['check', ['model.json', 'weights.bin']],
    ]);
  });

  it('a pick without both files fails on the page, before any worker starts', async () => {
    let made = 0;
    const check = createModelCheckClient(() => (made++, fakeWorker([], false)));
    await expect(check([json])).rejects.toThrow('Pick both files: model.json and weights.bin.');
    expect(made).toBe(0);
  });

  it('a worker that fails to load rejects with a clear message; the next check starts a fresh one', async () => {
    let made = 0;
    const check = createModelCheckClient(() => fakeWorker([], made++ === 0));
    await expect(check([json, bin])).rejects.toThrow(
      'The model-check worker stopped (Failed to fetch dynamically imported module).',
    );
    await expect(check([json, bin])).resolves.toEqual(info);
    expect(made).toBe(2);
  });
});
