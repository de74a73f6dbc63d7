/**
 * Batch norm or not (issue 5: the tiny network "with or without batch norm (measure which)"), in Node on wasm:
 * the lab's defaults (tiny network, 8 × 4 batch-hard, margin 0.2, Adam 1e-3, synthetic faces at 32×32) trained
 * for STEPS steps with and without batch norm from the same seeds (same split, initial draws and batches), then
 * evaluated on the held-out identities as the Evaluation panel does (inference mode, normalised embeddings).
 * Reports Recall@1 and ROC AUC of the verification pairs (with / without) and ms/step (with / without); the
 * 10-fold accuracy is in the note (its pairs are mostly negatives, so it starts near their share).
 * Noisy by nature (a few seeds, a few hundred steps), so it lives here and not in the unit tests.
 * `BENCH_BN_STEPS` and `BENCH_BN_SEEDS` (e.g. 300 and 1,2,3) override the defaults.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerConvGradientKernels } from '../src/train/convGradientKernels';
import { DEFAULT_CONFIG } from '../src/state/config';
import { openDataset } from '../src/train/datasetSource';
import { embedImages } from '../src/train/identityEmbedding';
import { evaluateEmbeddings } from '../src/evaluation';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../src/train/settings';
import { Trainer } from '../src/train/trainer';
import type { BenchRow } from './row.ts';

const STEPS = Number(process.env.BENCH_BN_STEPS ?? 300);
const SEEDS = (process.env.BENCH_BN_SEEDS ?? '1,2,3').split(',').map(Number);
/** ms/step is the median over the steps after this many (every training image rendered and cached by then). */
const TIMED_FROM = Math.floor(STEPS / 2);

interface Outcome {
  recallAt1: number;
  auc: number;
  accuracy: number;
  msPerStep: number;
  finalLoss: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const f2 = (x: number) => x.toFixed(2);
const pm = (xs: number[]) => `${f2(mean(xs))} ± ${f2(sd(xs))}`;
const pm3 = (xs: number[]) => `${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}`;

async function trainAndEvaluate(seed: number, batchNorm: boolean): Promise<Outcome> {
  const settings: TrainerSettings = {
    ...DEFAULT_TRAINER_SETTINGS,
    seed,
    model: { ...DEFAULT_TRAINER_SETTINGS.model, batchNorm, seed },
  };
  // The lab splits the synthetic identities with the run's seed.
  const data = await openDataset(DEFAULT_CONFIG.dataset, seed);
  const trainer = new Trainer(settings, data.source, { train: data.train });
  const times: number[] = [];
  const lastLosses: number[] = [];
  try {
    for (let i = 0; i < STEPS; i++) {
      const start = performance.now();
      const report = await trainer.trainStep();
      if (i >= TIMED_FROM) times.push(performance.now() - start);
      if (i >= STEPS - 20) lastLosses.push(report.stats.loss);
    }
    const e = await embedImages(trainer.model, data.source, data.validation, () => {});
    const result = await evaluateEmbeddings(e, { distance: settings.distance, seed, sliceMs: 1000 });
    return {
      recallAt1: result.retrieval.recallAt1,
      auc: result.verification.auc,
      accuracy: result.verification.accuracy.mean,
      msPerStep: median(times),
      finalLoss: mean(lastLosses),
    };
  } finally {
    trainer.dispose();
  }
}

export async function run(): Promise<BenchRow[]> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerConvGradientKernels('wasm');
  const withBn: Outcome[] = [];
  const without: Outcome[] = [];
  for (const [i, seed] of SEEDS.entries()) {
    // Alternate which goes first, so a machine that slows down over the run favours neither.
    const order = i % 2 === 0 ? [true, false] : [false, true];
    for (const bn of order) {
      const outcome = await trainAndEvaluate(seed, bn);
      (bn ? withBn : without).push(outcome);
      console.error(
        `bench: batch norm ${bn ? 'on ' : 'off'} seed ${seed}: Recall@1 ${f2(outcome.recallAt1)}, ` +
          `AUC ${outcome.auc.toFixed(3)}, accuracy ${f2(outcome.accuracy)}, loss ${outcome.finalLoss.toFixed(3)}, ${outcome.msPerStep.toFixed(1)} ms/step`,
      );
    }
  }
  const pick = (xs: Outcome[], k: keyof Outcome) => xs.map((o) => o[k]);
  const setup = `tiny, synthetic faces 32², batch-hard m = 0.2, Adam 1e-3, ${STEPS} steps, seeds ${SEEDS.join(',')}, wasm in Node`;
  const perSeed = (k: keyof Outcome) =>
    SEEDS.map((s, i) => `${s}: ${f2(withBn[i]![k])} vs ${f2(without[i]![k])}`).join('; ');
  return [
    {
      area: 'train',
      case: `batch norm vs none: validation Recall@1, ${setup}`,
      ratio: mean(pick(withBn, 'recallAt1')) / mean(pick(without, 'recallAt1')),
      unit: '× (with BN / without)',
      note: `with ${pm(pick(withBn, 'recallAt1'))}, without ${pm(pick(without, 'recallAt1'))} (per seed ${perSeed('recallAt1')})`,
    },
    {
      area: 'train',
      case: `batch norm vs none: verification ROC AUC, ${setup}`,
      ratio: mean(pick(withBn, 'auc')) / mean(pick(without, 'auc')),
      unit: '× (with BN / without)',
      note:
        `with ${pm3(pick(withBn, 'auc'))}, without ${pm3(pick(without, 'auc'))}; 10-fold accuracy ${pm(pick(withBn, 'accuracy'))} vs ` +
        `${pm(pick(without, 'accuracy'))}; loss over the last 20 steps ${pm(pick(withBn, 'finalLoss'))} vs ${pm(pick(without, 'finalLoss'))}`,
    },
    {
      area: 'train',
      case: `batch norm vs none: ms/step, ${setup}`,
      ratio: mean(pick(withBn, 'msPerStep')) / mean(pick(without, 'msPerStep')),
      unit: '× (with BN / without)',
      note: `with ${mean(pick(withBn, 'msPerStep')).toFixed(1)} ms, without ${mean(pick(without, 'msPerStep')).toFixed(1)} ms (medians of steps ${TIMED_FROM + 1}–${STEPS})`,
    },
  ];
}
