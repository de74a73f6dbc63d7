/**
 * A raw tfjs training loop: the lab's model, batch and loss with none of the lab around it (no sampler, stats or UI),
 * for the page (bench/browser/main.ts) or a dedicated worker (rawWorker.ts), where the lab trains.
 * Query: backend (default wasm), threads (wasm; default the lab's), net, size, ch, batch, warmup; stock=reductions puts
 * back tfjs's own Sum and Mean gradients (src/train/reductionGradients.ts replaces them), to measure what they cost;
 * stock=adam uses tf.train.adam instead of the lab's fused Adam (src/train/fusedAdam.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
// Static, so Vite's dependency scan finds them (found at run time, they would reload the page).
import { meanGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Mean_grad';
import { sumGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Sum_grad';
import { createRng } from '../../src/common/rng';
import { getLoss } from '../../src/metric';
import { buildEmbeddingModel } from '../../src/model/backbone';
import { embed } from '../../src/model/embed';
import { selectBackend } from '../../src/train/backend';
import { wasmPaths } from '../../src/workers/wasmAssets';
import { gradientExchange, sliceStep } from '../../src/train/dataParallel';
import { FusedAdamOptimizer } from '../../src/train/fusedAdam';

export interface RawLoop {
  info: { backend: string; threads: number; cores: number };
  /** Trains `n` steps; each step's ms, the loss read back each step as the lab does. */
  steps(n: number): Promise<number[]>;
  /** Trains `n` steps under tf.profile: ms and calls per kernel name, summed over the steps. */
  profile(n: number): Promise<Record<string, { ms: number; calls: number }>>;
}

/** Floats per worker's gradient slot in the data-parallel loop's shared buffer (more than the standard network). */
export const PARALLEL_PARAMS = 4_000_000;

/**
 * @param shared with query `world` > 1 and `rank`: the buffer (sharedBytes) through which `world` such loops train one
 *   batch together, data-parallel (src/train/dataParallel.ts); each loop then holds and steps through its slice of the batch.
 */
export async function startRawLoop(params: URLSearchParams, shared?: SharedArrayBuffer): Promise<RawLoop> {
  const forced = (params.get('backend') ?? 'wasm') as 'wasm' | 'webgpu' | 'webgl' | 'cpu';
  const threads = params.get('threads');
  await selectBackend({ forced, wasmPaths: wasmPaths(), ...(threads ? { wasmThreads: Number(threads) } : {}) });
  if (params.get('stock') === 'reductions') {
    tf.registerGradient(sumGradConfig);
    tf.registerGradient(meanGradConfig);
  }
  const [size, channels, b] = [
    Number(params.get('size') ?? 32),
    Number(params.get('ch') ?? 3),
    Number(params.get('batch') ?? 32),
  ];
  const model = buildEmbeddingModel({
    preset: (params.get('net') ?? 'tiny') as 'tiny' | 'standard',
    inputSize: size,
    channels: channels as 1 | 3,
    embeddingDim: 64,
    batchNorm: true,
    normalize: true,
    seed: 1,
  });
  const optimizer: tf.Optimizer =
    params.get('stock') === 'adam'
      ? tf.train.adam(1e-3, 0.9, 0.999, 1e-7)
      : new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-7);
  const rng = createRng(1);
  const x = tf.tensor4d(
    Float32Array.from({ length: b * size * size * channels }, () => rng.next()),
    [b, size, size, channels],
  );
  const y = tf.tensor1d(
    Array.from({ length: b }, (_, i) => Math.floor(i / 4)),
    'int32',
  );
  const loss = getLoss('batchHard', { margin: 0.2 });
  const [world, rank] = [Number(params.get('world') ?? 1), Number(params.get('rank') ?? 0)];
  const forward = (images: tf.Tensor4D) => embed(model, images, { normalize: false, training: true });
  let step = () => optimizer.minimize(() => loss(forward(x), y).loss, true);
  if (world > 1) {
    if (!shared) throw new Error('raw loop: world > 1 needs the shared buffer');
    const rows = b / world;
    const slice = tf.slice(x, [rank * rows, 0, 0, 0], [rows, size, size, channels]);
    const share = gradientExchange(shared, { rank, world, batch: b, dim: 64, params: PARALLEL_PARAMS });
    step = () => {
      const wholeLoss = (e: tf.Tensor2D) => {
        const out = loss(e, y);
        out.stats.dispose(); // made off the tape, so it outlives the loss's tidy
        return out.loss;
      };
      const { loss: value, grads } = sliceStep(forward, wholeLoss, slice, share, rank, world);
      optimizer.applyGradients(grads);
      tf.dispose(grads);
      return value;
    };
  }
  const steps = async (n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      const value = step();
      await value!.data();
      value!.dispose();
      ms.push(performance.now() - start);
    }
    return ms;
  };
  const profile = async (n: number) => {
    const byKernel: Record<string, { ms: number; calls: number }> = {};
    for (let i = 0; i < n; i++) {
      const info = await tf.profile(() => steps(1));
      for (const k of info.kernels) {
        const entry = (byKernel[k.name] ??= { ms: 0, calls: 0 });
        const ms = await k.kernelTimeMs;
        entry.ms += typeof ms === 'number' ? ms : 0;
        entry.calls++;
      }
    }
    return byKernel;
  };
  await steps(Number(params.get('warmup') ?? 3));
  const wasmThreads = tf.getBackend() === 'wasm' ? getThreadsCount() : 0;
  return {
    info: { backend: tf.getBackend(), threads: wasmThreads, cores: navigator.hardwareConcurrency },
    steps,
    profile,
  };
}
