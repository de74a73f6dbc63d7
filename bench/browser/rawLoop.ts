/**
 * A raw tfjs training loop: the lab's model, batch and loss with none of the lab around it (no sampler, stats or UI),
 * for the page (bench/browser/main.ts) or a dedicated worker (rawWorker.ts), where the lab trains.
 * Query: backend (default wasm), threads (wasm; default the lab's), net, size, ch, batch, warmup.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../../src/common/rng';
import { getLoss } from '../../src/metric';
import { buildEmbeddingModel } from '../../src/model/backbone';
import { embed } from '../../src/model/embed';
import { selectBackend } from '../../src/train/backend';
import { wasmPaths } from '../../src/workers/wasmAssets';

export interface RawLoop {
  info: { backend: string; threads: number; cores: number };
  /** Trains `n` steps; each step's ms, the loss read back each step as the lab does. */
  steps(n: number): Promise<number[]>;
}

export async function startRawLoop(params: URLSearchParams): Promise<RawLoop> {
  const forced = (params.get('backend') ?? 'wasm') as 'wasm' | 'webgpu' | 'webgl' | 'cpu';
  const threads = params.get('threads');
  await selectBackend({ forced, wasmPaths: wasmPaths(), ...(threads ? { wasmThreads: Number(threads) } : {}) });
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
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
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
  const steps = async (n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      const value = optimizer.minimize(() => loss(embed(model, x, { normalize: false, training: true }), y).loss, true);
      await value!.data();
      value!.dispose();
      ms.push(performance.now() - start);
    }
    return ms;
  };
  await steps(Number(params.get('warmup') ?? 3));
  const wasmThreads = tf.getBackend() === 'wasm' ? getThreadsCount() : 0;
  return { info: { backend: tf.getBackend(), threads: wasmThreads, cores: navigator.hardwareConcurrency }, steps };
}
