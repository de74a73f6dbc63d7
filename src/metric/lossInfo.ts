/**
 * A loss as the page knows it: what menus, explanations, the inspector, the URL and the exporters need, all plain
 * data and no tfjs, so the page can show, configure and export every loss without loading TensorFlow.js. A loss
 * file (losses/<id>.ts) declares this once with its body (lossEntry.ts); the page receives the plain part through
 * the build-time module `virtual:loss-catalog` (catalog/index.ts).
 */
import type { DistanceName } from './distance';
import type { BaseLossOptions, OptionSpec } from './types';

/** Inputs beyond embeddings and labels that the trainer must bring (LossInput). */
export type LossInputName =
  /** Explicit triplets drawn by the sampler from the whole training set. */
  | 'sampledTriplets'
  /** Explicit triplets mined offline on an embedded subset, refreshed every `refreshEvery` steps. */
  | 'minedTriplets'
  /** Logits of an identity-classification head over the training identities, and each image's class index. */
  | 'identityLogits';

/**
 * Which triplets of a batch the triplet inspector marks as picked by the loss's miner: every valid one, the hardest
 * positive with the hardest negative per anchor, the closest negative farther than the positive (FaceNet), those
 * violating the margin (OHNM's candidates), or none (the loss does not pick triplets one by one).
 */
export type InspectorSelection = 'all' | 'hardestPerAnchor' | 'semiHardNegative' | 'marginViolating' | 'none';

/** The loss as pytorch-metric-learning would compose it: distance + miner + reducer (for the docs and the table). */
export interface LossComposition {
  miner: string;
  reducer: string;
}

/** The loss in PyTorch, for the training package and the pytorch-metric-learning script. */
export interface LossPython {
  /**
   * Python source of `def <fn>(dist, labels, margin, options, context)` returning the scalar loss, where dist is
   * [B, B] (the loss's distance), labels [B] int64, options the lab's option dict, and context holds `embeddings`
   * [B, D] (raw), `step`, `triplets` (anchor, positive, negative index tensors) and `logits`, `class_indices`.
   * It may use the helpers of export/python/losses.py (masks, sorted_negatives, safe_mean, …).
   */
  torch: string;
  /** The function's name in `torch`. */
  fn: string;
  /**
   * The pytorch-metric-learning script's block: defines `triplet_term(embeddings, labels, step)`. `{{name}}` is
   * replaced by the option's value as a Python literal.
   */
  pml: string;
  /** How the PML block matches the lab: exact, close, or approximate (the note says why). */
  pmlMatch: 'exact' | 'close' | 'approximate';
  /** The PML pieces, one line, for the mapping table. */
  pmlSummary: string;
  pmlNote: string;
  /**
   * The option naming another loss whose PML block this one wraps (softmaxTriplet's `triplet`): that block, with its
   * defaults, comes first in the script.
   */
  pmlPartOption?: string;
}

export interface LossInfo<O extends BaseLossOptions> {
  id: string;
  /** Short name for menus. */
  label: string;
  /** One line. */
  description: string;
  /** One paragraph for the UI. */
  explanation: string;
  /** LaTeX. */
  formula: string;
  /** Paper and seed document. */
  source: string;
  /** The options beyond margin / distance / normalize, for the UI. */
  options: readonly OptionSpec[];
  defaults: O;
  /** A loss that only makes sense with one distance (angularTriplet: cosine) forces it. */
  fixedDistance?: DistanceName;
  /** What the trainer must bring beyond embeddings and labels. */
  inputs: readonly LossInputName[];
  composition: LossComposition;
  inspector: InspectorSelection;
  python: LossPython;
}

/** The options every loss shares, as shown in the UI. */
export const BASE_OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'margin', type: 'number', default: 0.2, min: 0, max: 2, description: 'Margin m of the hinge and of the census.' },
  {
    name: 'distance',
    type: 'choice',
    default: 'euclidean',
    choices: ['euclidean', 'squaredEuclidean', 'cosine'],
    description: 'Distance between embeddings.',
  },
  { name: 'normalize', type: 'boolean', default: true, description: 'L2-normalise embeddings before measuring distances.' },
];

export const BASE_DEFAULTS: BaseLossOptions = { margin: 0.2, distance: 'euclidean', normalize: true };
