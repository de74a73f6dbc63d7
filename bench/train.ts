/**
 * Training bench in Node (wasm, one thread): the lab's Trainer.trainStep (sampler, pixels, loss + packed stats,
 * batch embeddings read back) against a raw tfjs loop of the same model, batch size and loss reading only the loss.
 * Separates the trainer's own overhead from the page's (the browser row in browser.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../src/common/rng';
import { getLoss } from '../src/metric';
import { buildEmbeddingModel } from '../src/model/backbone';
import { embed } from '../src/model/embed';
import { registerConvGradientKernels } from '../src/train/convGradientKernels';
import { DEFAULT_CONFIG } from '../src/state/config';
import { openDataset } from '../src/train/datasetSource';
import { DEFAULT_TRAINER_SETTINGS } from '../src/train/settings';
import { Trainer } from '../src/train/trainer';
import type { BenchRow } from './row.ts';

const STEPS = 40;
/** Enough steps for every training image to have been drawn and cached once (about 5 epochs of 160 identities). */
const WARM_STEPS = 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function run(): Promise<BenchRow[]> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerConvGradientKernels('wasm');
  // The lab's defaults: tiny network, 8 × 4 batch-hard, 200 synthetic identities at 32×32.
  const data = await openDataset(DEFAULT_CONFIG.dataset, DEFAULT_TRAINER_SETTINGS.seed);
  const trainer = new Trainer(DEFAULT_TRAINER_SETTINGS, data.source, { train: data.train });
  // Warm the synthetic image cache first (rendering a face costs about a millisecond, once): the steady state.
  for (let i = 0; i < WARM_STEPS; i++) await trainer.trainStep();
  const lab: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const start = performance.now();
    await trainer.trainStep();
    lab.push(performance.now() - start);
  }
  trainer.dispose();

  const model = buildEmbeddingModel(DEFAULT_TRAINER_SETTINGS.model);
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
