/**
 * softmaxTriplet (seed 003: pretrain with, or combine with, softmax; Hermans et al. 2017, Parkhi et al. 2015):
 * `CE + w · L_triplet`. The identity classification head belongs to the model, so its logits and each image's
 * class index come in with the batch (input `identityLogits`); the triplet part is any in-batch variant below.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineLoss, type LossEntry } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import type { BaseLossOptions } from '../types';
import { batchAll } from './batchAll';
import { batchHard } from './batchHard';
import { batchHardSoft } from './batchHardSoft';
import { batchOhnm } from './batchOhnm';
import { lifted } from './lifted';
import { msml } from './msml';
import { quadruplet } from './quadruplet';
import { semiHard } from './semiHard';

/** The in-batch variants that can be the triplet part, each run with its default options. */
const PARTS = { batchHard, batchHardSoft, batchAll, semiHard, batchOhnm, lifted, quadruplet, msml };

export type SoftmaxTripletPart = keyof typeof PARTS;
export const SOFTMAX_TRIPLET_PARTS = Object.keys(PARTS) as SoftmaxTripletPart[];

export interface SoftmaxTripletOptions extends BaseLossOptions {
  /** Weight w of the triplet term. */
  weight: number;
  /** The in-batch triplet variant, with its default options. */
  triplet: SoftmaxTripletPart;
}

/** Mean softmax cross-entropy of [B, C] logits against [B] int32 class indices. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, classIndices: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(classIndices, logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

export const softmaxTriplet = defineLoss<SoftmaxTripletOptions>({
  id: 'softmaxTriplet',
  label: 'Softmax + triplet',
  description: 'Identity classification cross-entropy plus a weighted triplet loss.',
  explanation:
    'A classification head over the training identities gives every image a strong, easy-to-optimise signal; ' +
    'the triplet term shapes the distances the lab evaluates. Seed 003 recommends softmax pre-training, or this ' +
    'combination, when triplet training alone converges slowly.',
  formula: String.raw`\mathcal{L} = -\frac{1}{B}\sum_i \log \mathrm{softmax}(z_i)_{y_i} + w \cdot \mathcal{L}_{\text{triplet}}`,
  source: 'Identity softmax combined with a triplet loss, as in Hermans et al. 2017 and Parkhi et al. 2015 (softmax pre-training)',
  options: [
    { name: 'weight', type: 'number', default: 1, min: 0, max: 10, description: 'Weight w of the triplet term.' },
    {
      name: 'triplet',
      type: 'choice',
      default: 'batchHard',
      choices: SOFTMAX_TRIPLET_PARTS,
      description: 'The triplet variant (with its default options).',
    },
  ],
  defaults: { ...BASE_DEFAULTS, weight: 1, triplet: 'batchHard' },
  inputs: ['identityLogits'],
  composition: { miner: "the triplet part's", reducer: 'mean cross-entropy + w · the triplet part' },
  inspector: 'none',
  python: {
    fn: 'softmax_triplet',
    torch: `def softmax_triplet(dist, labels, margin, options, context):
    """Identity cross-entropy of the head's logits plus w times the triplet part (with its default options)."""
    logits, classes = identity_logits(context)
    ce = torch.nn.functional.cross_entropy(logits, classes)
    part = LOSSES[options.get("triplet", "batchHard")]
    return ce + options.get("weight", 1) * part(dist, labels, margin, {}, context)`,
    pml: `SOFTMAX_WEIGHT = {{weight}}  # w in CE + w * triplet; the triplet term above is {{triplet}}'s


def compute_loss(embeddings, labels, step, head):
    """Identity classification cross-entropy plus the weighted triplet term (seed 003)."""
    return F.cross_entropy(head(embeddings), labels) + SOFTMAX_WEIGHT * triplet_term(embeddings, labels, step)`,
    pmlPartOption: 'triplet',
    pmlMatch: 'exact',
    pmlSummary: 'Linear head + cross-entropy + w · triplet term',
    pmlNote: '',
  },
  body: (batch, input, options) => {
    const { logits, classIndices } = input;
    if (!logits || !classIndices) throw new Error('softmaxTriplet needs LossInput.logits and LossInput.classIndices.');
    const entry = PARTS[options.triplet] as LossEntry<BaseLossOptions>;
    const base: BaseLossOptions = { margin: options.margin, distance: options.distance, normalize: options.normalize };
    const part = entry.body(batch, input, { ...entry.defaults, ...base });
    const loss = tf.add(softmaxCrossEntropy(logits, classIndices), tf.mul(options.weight, part.loss)) as tf.Scalar;
    return { loss, selection: part.selection };
  },
});
