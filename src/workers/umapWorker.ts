/// <reference lib="webworker" />
/**
 * UMAP (umap-js) off the page thread: its nearest-neighbour search and optimisation take seconds for a few
 * thousand points. onmessage → umap-js → postMessage.
 */
import { UMAP } from 'umap-js';
import { createRng } from '../common/rng';
import type { UmapRequest, UmapResponse } from './umapProtocol';
import { errorText } from '../common/errorText';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: UmapResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

scope.onmessage = async (event: MessageEvent<UmapRequest>) => {
  const { id, data, dim, seed } = event.data;
  try {
    const n = data.length / dim;
    const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
    const rng = createRng(seed);
    const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(15, Math.max(2, n - 1)), random: rng.next });
    const epochs = umap.initializeFit(rows);
    await umap.fitAsync(rows, (epoch) => {
      if (epoch % 20 === 0) post({ id, type: 'progress', epoch, epochs });
    });
    const embedding = umap.getEmbedding();
    const points = new Float32Array(n * 2);
    embedding.forEach((p, i) => points.set([p[0] ?? 0, p[1] ?? 0], i * 2));
    post({ id, type: 'result', points }, [points.buffer]);
  } catch (error) {
    post({ id, type: 'error', message: errorText(error) });
  }
};
