import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrainRequest, TrainResponse } from '../train/runProtocol';
import { INIT_TIMEOUT_MS, TrainClient, type TrainWorkerLike } from './trainClient';

/** A worker that records requests and answers when told to. */
function fakeWorker() {
  const sent: TrainRequest[] = [];
  const worker: TrainWorkerLike = {
    postMessage: (m) => void sent.push(m),
    onmessage: null,
    onerror: null,
    terminate: () => void (terminated = true),
  };
  let terminated = false;
  const reply = (r: TrainResponse) => worker.onmessage?.({ data: r });
  return { worker, sent, reply, terminated: () => terminated };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('TrainClient', () => {
  it('resolves each request with the reply that carries its id, and rejects on an error reply', async () => {
    const f = fakeWorker();
    const client = new TrainClient(() => f.worker);
    const play = client.play();
    const pause = client.pause();
    expect(f.sent.map((m) => [m.type, m.id])).toEqual([
      ['play', 1],
      ['pause', 2],
    ]);
    f.reply({ id: 2, type: 'error', message: 'no run' });
    f.reply({ id: 1, type: 'ok' });
    await expect(play).resolves.toEqual({ id: 1, type: 'ok' });
    await expect(pause).rejects.toThrow('no run');
  });

  it('a worker that fails to load rejects every pending and later request with a clear message', async () => {
    const f = fakeWorker();
    const client = new TrainClient(() => f.worker);
    const pending = [client.play(), client.step(true)];
    let prevented = false;
    f.worker.onerror?.({
      message: 'Failed to fetch dynamically imported module',
      preventDefault: () => (prevented = true),
    });
    for (const p of pending)
      await expect(p).rejects.toThrow(
        'The training worker stopped (Failed to fetch dynamically imported module). Reload the page',
      );
    expect(prevented).toBe(true);
    await expect(client.pause()).rejects.toThrow('The training worker stopped');
    expect(f.sent).toHaveLength(2); // nothing more is posted to a dead worker
    // A load error with no message still says what happened.
    const g = fakeWorker();
    const other = new TrainClient(() => g.worker);
    const waiting = other.play();
    g.worker.onerror?.({});
    await expect(waiting).rejects.toThrow('The training worker stopped (it could not be loaded)');
  });

  it('init that gets no answer within INIT_TIMEOUT_MS rejects with a message naming it, and the worker is stopped', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('location', { href: 'http://localhost:4173/' });
    const f = fakeWorker();
    const client = new TrainClient(() => f.worker);
    const init = client.init().catch((e: unknown) => e);
    expect(f.sent[0]?.type === 'init' && f.sent[0].wasmPaths['tfjs-backend-wasm.wasm']).toMatch(
      /^http:\/\/localhost:4173\/.*\.wasm$/,
    );
    vi.advanceTimersByTime(INIT_TIMEOUT_MS - 1);
    f.reply({ id: 0, type: 'status', status: 'idle', step: 0 }); // events do not count as an answer
    vi.advanceTimersByTime(1);
    expect(String(await init)).toBe(
      "Error: The training worker stopped (it did not answer 'init' within 120 s). Reload the page; the last checkpoint is kept.",
    );
    expect(f.terminated()).toBe(true);
    await expect(client.play()).rejects.toThrow("did not answer 'init'");
  });

  it('events (id 0) reach subscribers until they unsubscribe; dispose rejects what is pending', async () => {
    const f = fakeWorker();
    const client = new TrainClient(() => f.worker);
    const seen: number[] = [];
    const off = client.onEvent((e) => e.type === 'checkpoint' && seen.push(e.step));
    f.reply({ id: 0, type: 'checkpoint', step: 40 });
    off();
    f.reply({ id: 0, type: 'checkpoint', step: 80 });
    expect(seen).toEqual([40]);
    const pending = client.pause();
    client.dispose();
    await expect(pending).rejects.toThrow('The training worker was closed.');
    expect(f.terminated()).toBe(true);
  });
});
