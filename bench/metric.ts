/**
 * Metric bench: the lab's O(B²)-memory census and batchAll against the naive B×B×B references (src/metric/naive.ts),
 * on the cpu and wasm backends in Node. Ratios only: naive / lab time, naive / lab peak tensor bytes (tf.profile).
 * The naive versions run only while their [B, B, B] intermediates stay under NAIVE_CUBE_LIMIT; skipped sizes say
 * how much they would need. The browser bench page can import the same references from src/metric/naive.ts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../src/common/rng';
import { getLoss, naiveBatchAll, naiveCubeBytes, naiveTripletCensus, tripletCensus } from '../src/metric/index';
import type { BenchRow } from './row.ts';

const SIZES = [128, 256, 512, 1024, 1800];
/** One float32 [B, B, B] cube at most this big: B = 256 (67 MB; the naive code holds several at once). */
const NAIVE_CUBE_LIMIT = 100e6;
const MARGIN = 0.2;
const K = 4;
const D = 64;

interface Measured {
  ms: number;
  peakBytes: number;
}

async function measure(f: () => Promise<void>, repeats: number): Promise<Measured> {
  await f(); // warm-up (kernels, wasm heap)
  let ms = Infinity;
  let peakBytes = 0;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const info = await tf.profile(f);
    ms = Math.min(ms, performance.now() - start);
    peakBytes = Math.max(peakBytes, info.peakBytes);
  }
  return { ms, peakBytes };
}

function batch(b: number): { e: tf.Tensor2D; y: tf.Tensor1D } {
  const rng = createRng(b);
  const e = tf.tensor2d(Array.from({ length: b * D }, () => rng.normal()), [b, D]);
  const y = tf.tensor1d(Array.from({ length: b }, (_, i) => Math.floor(i / K)), 'int32');
  return { e, y };
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

async function benchBackend(backend: 'cpu' | 'wasm', deadline: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    return [{ area: 'metric', case: `${backend} backend`, ratio: 0, unit: 'skipped', note: 'backend unavailable in Node' }];
  }
  const opts = { margin: MARGIN, distance: 'euclidean' as const, normalize: true };
  const batchAll = getLoss('batchAll', { ...opts, reduction: 'meanNonZero' });
  for (const b of SIZES) {
    if (performance.now() > deadline) {
      rows.push({ area: 'metric', case: `B=${b}, ${backend}`, ratio: 0, unit: 'skipped', note: 'time budget spent' });
      continue;
    }
    const { e, y } = batch(b);
    const repeats = b <= 128 ? 3 : 1;
    const census = await measure(async () => void (await tripletCensus(e, y, opts)), repeats);
    const loss = await measure(async () => {
      const { value, grads } = tf.tidy(() => tf.valueAndGrads((x: tf.Tensor) => batchAll(x as tf.Tensor2D, y).loss)([e]));
      await value.data();
      tf.dispose([value, ...grads]);
    }, repeats);
    const runNaive = naiveCubeBytes(b) <= NAIVE_CUBE_LIMIT;
    if (runNaive) {
      const naiveCensus = await measure(async () => void (await naiveTripletCensus(e, y, opts)), repeats);
      const naiveLoss = await measure(async () => {
        const { value, grads } = tf.tidy(() =>
          tf.valueAndGrads((x: tf.Tensor) => naiveBatchAll(x as tf.Tensor2D, y, { ...opts, reduction: 'meanNonZero' }))([e]),
        );
        await value.data();
        tf.dispose([value, ...grads]);
      }, repeats);
      const pairs: Array<[string, Measured, Measured]> = [
        ['census', naiveCensus, census],
        ['batchAll value+grad', naiveLoss, loss],
      ];
      for (const [what, naive, lab] of pairs) {
        rows.push({
          area: 'metric',
          case: `${what} vs naive B³, B=${b}, ${backend}`,
          ratio: naive.ms / lab.ms,
          unit: '× faster',
          note: `lab ${lab.ms.toFixed(0)} ms, naive ${naive.ms.toFixed(0)} ms`,
        });
        rows.push({
          area: 'metric',
          case: `${what} vs naive B³, B=${b}, ${backend}`,
          ratio: naive.peakBytes / lab.peakBytes,
          unit: '× less peak memory',
          note: `lab ${mb(lab.peakBytes)}, naive ${mb(naive.peakBytes)}`,
        });
      }
    } else {
      for (const [what, lab] of [
        ['census', census],
        ['batchAll value+grad', loss],
      ] as const) {
        rows.push({
          area: 'metric',
          case: `${what}, B=${b}, ${backend} (naive skipped)`,
          ratio: naiveCubeBytes(b) / lab.peakBytes,
          unit: '× less than one naive B³ cube',
          note: `lab ${lab.ms.toFixed(0)} ms, peak ${mb(lab.peakBytes)}; naive needs ≥ ${gb(naiveCubeBytes(b))} per [B,B,B] tensor, several at once`,
        });
      }
    }
    tf.dispose([e, y]);
  }
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  const start = performance.now();
  const rows = await benchBackend('cpu', start + 110_000);
  rows.push(...(await benchBackend('wasm', performance.now() + 80_000)));
  await tf.setBackend('cpu');
  return rows;
}
