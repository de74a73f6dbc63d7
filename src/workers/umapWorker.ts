/// <reference lib="webworker" />
/**
 * UMAP (umap-js) off the page thread: its nearest-neighbour search and optimisation take seconds for a few
 * thousand points. onmessage → umap-js → postMessage, the points transferred.
 */
import { UMAP } from 'umap-js';
import { createRng } from '../common/rng';
import type { UmapRequest, UmapResponse } from './umapProtocol';
import { serve } from './rpc';

serve<UmapRequest, UmapResponse>(
  async ({ id, data, dim, seed }, post) => {
    const n = data.length / dim;
    const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
    const rng = createRng(seed);
    const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(15, Math.max(2, n - 1)), random: rng.next });
    const epochs = umap.initializeFit(rows);
    await umap.fitAsync(rows, (epoch) => {
      if (epoch % 20 === 0) post({ id, type: 'progress', epoch, epochs });
    });
    const points = new Float32Array(n * 2);
    umap.getEmbedding().forEach((p, i) => points.set([p[0] ?? 0, p[1] ?? 0], i * 2));
    return { id, type: 'result', points };
  },
  { transfer: (reply) => (reply.type === 'result' ? [reply.points.buffer] : []) },
);
