/**
 * Census cost against the forward pass (issue 17, item 4), on the wasm backend in Node: the exact triplet census of
 * a batch, alone and with batchAll's value and gradient, over the embedding network's forward pass of the same batch
 * on the same backend. Two networks, because the ratio is the network's as much as the census's: the lab's default
 * (tiny, 32×32×3) and the standard one at 64×64×3. Node's wasm is single-threaded, so both sides run on one core.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../src/common/rng';
import { getLoss, tripletCensus } from '../src/metric/index';
import { buildEmbeddingModel } from '../src/model/backbone';
import { embed } from '../src/model/embed';
import type { BenchRow } from './row.ts';

const SIZES = [128, 512, 1024, 1800];
const K = 4;
const OPTS = { margin: 0.2, distance: 'euclidean' as const, normalize: true };
const NETS = [
  { preset: 'tiny' as const, inputSize: 32 },
  { preset: 'standard' as const, inputSize: 64 },
].filter((n) => !process.env.BENCH_CENSUS_NETS || process.env.BENCH_CENSUS_NETS.split(',').includes(n.preset));

/** Best of `repeats` timed runs after one warm-up (kernels, wasm heap growth). */
async function best(f: () => Promise<void>, repeats: number): Promise<number> {
  await f();
  let ms = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await f();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

/**
 * The forward pass of a batch of B images in chunks of 256, as the lab embeds large sets (inference mode). One chunk
 * warms up the kernels; then the whole batch is timed `repeats` times.
 */
async function forwardMs(model: tf.LayersModel, b: number, size: number, repeats: number): Promise<number> {
  const rng = createRng(b);
  const x = tf.tensor4d(
    Float32Array.from({ length: b * size * size * 3 }, () => rng.next()),
    [b, size, size, 3],
  );
  const pass = async (chunks: number) => {
    for (let i = 0; i < Math.min(b, chunks * 256); i += 256) {
      const e = tf.tidy(() =>
        embed(model, x.slice([i, 0, 0, 0], [Math.min(256, b - i), -1, -1, -1]), { normalize: true, training: false }),
      );
      await e.data();
      e.dispose();
    }
  };
  try {
    await pass(1);
    let ms = Infinity;
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      await pass(Infinity);
      ms = Math.min(ms, performance.now() - start);
    }
    return ms;
  } finally {
    x.dispose();
  }
}

async function metricMs(b: number, repeats: number): Promise<{ census: number; batchAll: number }> {
  const rng = createRng(b + 1);
  const e = tf.tensor2d(
    Float32Array.from({ length: b * 64 }, () => rng.normal()),
    [b, 64],
  );
  // batchAll gets the labels on the host as the trainer passes them (labelValues): P×K batches then take the direct
  // census (positiveSlots.ts); tripletCensus reads them itself.
  const labelValues = Array.from({ length: b }, (_, i) => Math.floor(i / K));
  const y = tf.tensor1d(labelValues, 'int32');
  const batchAll = getLoss('batchAll', { ...OPTS, reduction: 'meanNonZero' });
  try {
    const census = await best(async () => void (await tripletCensus(e, y, OPTS)), repeats);
    const loss = await best(async () => {
      const { value, grads } = tf.tidy(() =>
        tf.valueAndGrads((v: tf.Tensor) => batchAll(v as tf.Tensor2D, y, { labelValues }).loss)([e]),
      );
      await value.data();
      tf.dispose([value, ...grads]);
    }, repeats);
    return { census, batchAll: loss };
  } finally {
    tf.dispose([e, y]);
  }
}

export async function run(): Promise<BenchRow[]> {
  if (!(await tf.setBackend('wasm')))
    return [{ area: 'census', case: 'wasm', ratio: 0, unit: 'skipped', note: 'no wasm' }];
  await tf.ready();
  const rows: BenchRow[] = [];
  const metric = new Map<number, { census: number; batchAll: number }>();
  for (const b of SIZES) metric.set(b, await metricMs(b, b <= 512 ? 3 : 1));
  for (const net of NETS) {
    const model = buildEmbeddingModel({
      ...net,
      channels: 3,
      embeddingDim: 64,
      batchNorm: true,
      normalize: true,
      seed: 1,
    });
    const name = `${net.preset} ${net.inputSize}×${net.inputSize}×3`;
    for (const b of SIZES) {
      const forward = await forwardMs(model, b, net.inputSize, b <= 512 && net.preset === 'tiny' ? 3 : 1);
      const m = metric.get(b)!;
      console.error(
        `bench census: B=${b} ${name}: forward ${forward.toFixed(0)} ms, census ${m.census.toFixed(0)}, batchAll ${m.batchAll.toFixed(0)}`,
      );
      rows.push({
        area: 'census',
        case: `census over the forward pass of the batch, B=${b}, ${name}, wasm (Node, 1 thread)`,
        ratio: m.census / forward,
        unit: '× the forward pass',
        note: `census ${m.census.toFixed(0)} ms, forward ${forward.toFixed(0)} ms`,
      });
      if (b === 1800)
        rows.push({
          area: 'census',
          case: `census + batchAll value+grad over the forward pass, B=1800, ${name}, wasm (Node, 1 thread)`,
          ratio: (m.census + m.batchAll) / forward,
          unit: '× the forward pass (goal ≤ 1.0)',
          note: `census ${m.census.toFixed(0)} ms + batchAll ${m.batchAll.toFixed(0)} ms vs forward ${forward.toFixed(0)} ms`,
        });
    }
    model.dispose();
  }
  await tf.setBackend('cpu');
  return rows;
}
