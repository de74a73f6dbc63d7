import { describe, expect, it } from 'vitest';
import type { TrainRequest, TrainResponse } from '../train/runProtocol';
import { TrainClient, type TrainWorkerLike } from './trainClient';

/** A worker that records requests and answers when told to. */
function fakeWorker() {
  const sent: TrainRequest[] = [];
  const worker: TrainWorkerLike = {
    postMessage: (m) => void sent.push(m),
    onmessage: null,
    onerror: null,
    terminate: () => undefined,
  };
  const reply = (r: TrainResponse) => worker.onmessage?.({ data: r });
  return { worker, sent, reply };
}

describe('TrainClient', () => {
  it('resolves each request with the reply that carries its id, and rejects on an error reply', async () => {
    const f = fakeWorker();
    const client = new TrainClient(() => f.worker);
    const play = client.play();
    const pause = client.pause();
    expect(f.sent.map((m) => [m.type, m.id])).toEqual([['play', 1], ['pause', 2]]);
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
    f.worker.onerror?.({ message: 'Failed to fetch dynamically imported module', preventDefault: () => (prevented = true) });
    for (const p of pending) await expect(p).rejects.toThrow('The training worker stopped (Failed to fetch dynamically imported module). Reload the page');
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
});
