/**
 * The golden batch of the training package (issue 15): the first batch of a fresh run with the lab's initial weights,
 * and what the lab's own trainer measured on it (loss, population census, gradient norm over every trained variable,
 * the embeddings). `train.py --check` recomputes them in PyTorch. On a frozen pretrained backbone the trained variables
 * are the head's alone, as the lab trains them on the backbone's cached features.
 */
import type { Census } from '../metric/censusLayout';
import type { WeightSnapshot } from '../model/weights';
import { isAugmenting } from '../data/augmentation';
import type { ImageSource } from './imageSource';
import { combinedNorm } from './stepExplanation';
import type { Trainer } from './trainer';

export interface GoldenBatch {
  /** [B, S, S, C] float32 in [0, 1], as the trainer read them. */
  pixels: Float32Array;
  /** [B] identity ids. */
  labels: Int32Array;
  /** [B, D] the step's embeddings (L2-normalised when the model normalises). */
  embeddings: Float32Array;
  loss: number;
  margin: number;
  census: Census;
  /** ‖∂L/∂θ‖ over every trained variable together (not a frozen backbone's). */
  gradNorm: number;
  /** What the loss took beyond embeddings and labels (its declared inputs), as train.py's loss context reads it. */
  context: GoldenLossContext;
}

/** The step's extra loss inputs, plain JSON: the batch's triplets, the identity head's classes and initial weights. */
export interface GoldenLossContext {
  /** [anchors, positives, negatives], indices into the batch. */
  triplets?: [number[], number[], number[]];
  classIndices?: number[];
  /** kernel [D][C], bias [C]. */
  head?: { kernel: number[][]; bias: number[] };
}

/**
 * Runs the trainer's first step (explained) and reports it with the weights it started from. The trainer must be
 * fresh (step 0) and without augmentation (train.py augments when it trains, not in --check); any backbone.
 * @param source the trainer's image source, read again for the batch's pixels
 */
export async function measureGoldenBatch(trainer: Trainer, source: ImageSource): Promise<{ initial: WeightSnapshot; golden: GoldenBatch }> {
  const { settings } = trainer;
  if (trainer.step !== 0) throw new Error(`The golden batch is the first step of a fresh run; this trainer is at step ${trainer.step}`);
  if (isAugmenting(settings.augmentation)) throw new Error('The golden batch is measured with augmentation off (train.py --check cannot draw tfjs\'s random transforms): give this trainer the run\'s settings with NO_AUGMENTATION');
  const initial = await trainer.snapshot();
  const head = await trainer.identityHeadWeights();
  const report = await trainer.trainStep(undefined, { explain: true });
  const explanation = report.explanation;
  if (!explanation) throw new Error('measureGoldenBatch: the step was not explained');
  return {
    initial,
    golden: {
      pixels: source.read(report.indices),
      labels: report.labels,
      embeddings: report.embeddings,
      loss: report.stats.loss,
      margin: report.stats.margin,
      census: report.stats.population,
      gradNorm: combinedNorm(explanation.variables.map((v) => v.gradNorm)),
      context: lossContext(report.triplets, report.classIndices, head),
    },
  };
}

function lossContext(
  triplets: Int32Array | undefined,
  classIndices: Int32Array | undefined,
  head: { kernel: Float32Array; bias: Float32Array; shape: [number, number] } | null,
): GoldenLossContext {
  const context: GoldenLossContext = {};
  if (triplets) {
    const column = (c: number) => Array.from({ length: triplets.length / 3 }, (_, i) => triplets[i * 3 + c] as number);
    context.triplets = [column(0), column(1), column(2)];
  }
  if (classIndices) context.classIndices = Array.from(classIndices);
  if (head) {
    const [d, c] = head.shape;
    context.head = { kernel: Array.from({ length: d }, (_, i) => Array.from(head.kernel.subarray(i * c, (i + 1) * c))), bias: Array.from(head.bias) };
  }
  return context;
}
