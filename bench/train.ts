/**
 * Training bench in Node (wasm, one thread): the lab's Trainer.trainStep (sampler, pixels, loss + packed stats,
 * batch embeddings read back) against a raw tfjs loop of the same model, batch size and loss reading only the loss.
 * Separates the trainer's own overhead from the page's (the browser row in browser.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../src/common/rng';
import { indexFromCounts } from '../src/data/identityIndex';
import { splitByIdentity } from '../src/data/split';
import { createSyntheticFaces } from '../src/data/synthetic/syntheticFaces';
import { getLoss } from '../src/metric';
import { buildEmbeddingModel } from '../src/model/backbone';
import { embed } from '../src/model/embed';
import { registerConvGradientKernels } from '../src/train/convGradientKernels';
import { syntheticSource } from '../src/train/imageSource';
import type { TrainerSettings } from '../src/train/settings';
import { Trainer } from '../src/train/trainer';
import type { BenchRow } from './row.ts';

const STEPS = 40;
/** Enough steps for every training image to have been drawn and cached once (about 5 epochs of 160 identities). */
const WARM_STEPS = 100;
const SETTINGS: TrainerSettings = {
  seed: 1,
  model: { preset: 'tiny', inputSize: 32, channels: 3, embeddingDim: 64, batchNorm: true, normalize: true, seed: 1 },
  loss: 'batchHard',
  lossOptions: {},
  distance: 'euclidean',
  margin: { kind: 'constant', margin: 0.2 },
  sampler: 'pk',
  P: 8,
  K: 4,
  optimizer: 'adam',
  learningRate: 1e-3,
  offlineRefresh: 50,
  offlineSubset: 256,
  checkpointEvery: 50,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function run(): Promise<BenchRow[]> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerConvGradientKernels('wasm');
  const faces = createSyntheticFaces({ identities: 200, imagesPerIdentity: 10, resolution: 32 });
  const counts = Array.from({ length: 200 }, () => 10);
  const split = splitByIdentity(counts, 1);
  const trainer = new Trainer(SETTINGS, syntheticSource(faces), { train: indexFromCounts(counts, split.train) });
  // Warm the synthetic image cache first (rendering a face costs about a millisecond, once): the steady state.
  for (let i = 0; i < WARM_STEPS; i++) await trainer.trainStep();
  const lab: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const start = performance.now();
    await trainer.trainStep();
    lab.push(performance.now() - start);
  }
  trainer.dispose();

  const model = buildEmbeddingModel(SETTINGS.model);
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
  const rng = createRng(1);
  const x = tf.tensor4d(Float32Array.from({ length: 32 * 32 * 32 * 3 }, () => rng.next()), [32, 32, 32, 3]);
  const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => Math.floor(i / 4)), 'int32');
  const loss = getLoss('batchHard', { margin: 0.2 });
  const raw: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const start = performance.now();
    const value = optimizer.minimize(() => loss(embed(model, x, { normalize: false, training: true }), y).loss, true);
    await value!.data();
    value!.dispose();
    raw.push(performance.now() - start);
  }
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  await tf.setBackend('cpu');
  return [
    {
      area: 'train',
      case: 'Trainer.trainStep vs raw tfjs loop, tiny model, B=32, 32×32×3, wasm in Node (no page)',
      ratio: median(lab) / median(raw.slice(5)),
      unit: '× (goal ≤ 1.10)',
      note: `trainer ${median(lab).toFixed(0)} ms (after ${WARM_STEPS} warm-up steps), raw ${median(raw.slice(5)).toFixed(0)} ms (medians)`,
    },
  ];
}
