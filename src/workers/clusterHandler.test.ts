import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { kmeans } from '../cluster';
import { createClusterHandler } from './clusterHandler';
import type { ClusterRequest, ClusterResponse } from './clusterProtocol';

function points(n: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.normal());
}

function collector() {
  const replies: { message: ClusterResponse; transfer: Transferable[] }[] = [];
  const handle = createClusterHandler((message, transfer) => replies.push({ message, transfer }));
  return { replies, handle };
}

describe('createClusterHandler', () => {
  it('answers kmeans with progress then one result equal to kmeans(), transferring the result buffers', async () => {
    const data = points(400, 6, 1);
    const { replies, handle } = collector();
    const options = { k: 5, seed: 3, nInit: 2 };
    await handle({ id: 7, type: 'kmeans', data, dim: 6, options });
    const want = kmeans(data, 6, options);
    const final = replies.filter((r) => r.message.type !== 'progress');
    expect(final).toHaveLength(1);
    const { message, transfer } = final[0]!;
    expect(message.type).toBe('result');
    if (message.type !== 'result') return;
    expect(message.id).toBe(7);
    expect(Array.from(message.result.assignments)).toEqual(Array.from(want.assignments));
    expect(message.result.inertia).toBe(want.inertia);
    expect(transfer).toEqual([message.result.centroids.buffer, message.result.assignments.buffer]);
    const progress = replies.filter((r) => r.message.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((r) => r.message.id === 7)).toBe(true);
  });

  it('shares a lone restart with the helpers (made once), not a restart of several; same result', async () => {
    const data = points(600, 8, 4);
    const posted: unknown[] = [];
    let made = 0;
    const replies: ClusterResponse[] = [];
    const handle = createClusterHandler((message) => replies.push(message), {
      helpers: () => {
        made++;
        return [{ post: (m) => posted.push(m) }]; // a helper that never serves: the caller does every block
      },
    });
    const plain = collector();
    for (const [id, options] of [
      [1, { k: 6, seed: 2 }],
      [2, { k: 6, seed: 2, nInit: 2 }],
      [3, { k: 7, seed: 1 }],
    ] as const) {
      await handle({ id, type: 'kmeans', data, dim: 8, options });
      await plain.handle({ id, type: 'kmeans', data, dim: 8, options });
      const got = replies.at(-1)!;
      const want = plain.replies.at(-1)!.message;
      expect(got.type === 'result' && want.type === 'result' && got.result.inertia === want.result.inertia).toBe(true);
    }
    expect(made).toBe(1);
    expect(posted.length).toBeGreaterThan(0);
  });

  it('runs only the requested restarts', async () => {
    const data = points(300, 4, 2);
    const { replies, handle } = collector();
    await handle({ id: 1, type: 'kmeans', data, dim: 4, options: { k: 4, nInit: 3 }, runs: [1] });
    const msg = replies.at(-1)!.message;
    expect(msg.type === 'result' && msg.result.run).toBe(1);
  });

  it('serves one request at a time and cancels by id', async () => {
    const data = points(3000, 16, 3);
    const { replies, handle } = collector();
    const long: ClusterRequest = { id: 1, type: 'kmeans', data, dim: 16, options: { k: 200, nInit: 20, tol: 0 } };
    const first = handle(long);
    await handle({ id: 2, type: 'kmeans', data, dim: 16, options: { k: 2 } });
    expect(replies.find((r) => r.message.id === 2)?.message).toMatchObject({ type: 'error' });
    await handle({ id: 99, type: 'cancel' }); // another id: ignored
    await new Promise((resolve) => setTimeout(resolve, 40));
    await handle({ id: 1, type: 'cancel' });
    await first;
    expect(replies.filter((r) => r.message.id === 1 && r.message.type !== 'progress').map((r) => r.message.type)).toEqual([
      'cancelled',
    ]);
    // free again
    await handle({ id: 3, type: 'kmeans', data: points(50, 2, 4), dim: 2, options: { k: 2 } });
    expect(replies.at(-1)?.message).toMatchObject({ id: 3, type: 'result' });
  });

  it('reports bad input as an error reply', async () => {
    const { replies, handle } = collector();
    await handle({ id: 5, type: 'kmeans', data: new Float32Array(5), dim: 2, options: { k: 2 } });
    expect(replies).toEqual([{ message: expect.objectContaining({ id: 5, type: 'error' }), transfer: [] }]);
  });
});
