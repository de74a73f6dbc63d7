/**
 * softmaxTriplet (seed 003: pretrain with, or combine with, softmax): `CE + w · L_triplet`. The identity
 * classification head belongs to the model, so its logits and each image's class index come in with the batch
 * (`LossInput.logits`, `LossInput.classIndices`); the triplet part is any in-batch variant.
 */
import * as tf from '@tensorflow/tfjs-core';
import { softmaxTripletInfo } from '../catalog/softmaxTriplet';
import type { SoftmaxTripletOptions } from '../catalog/softmaxTriplet';
import type { PreparedBatch } from '../batch';
import type { LossEntry } from '../lossEntry';
import type { BaseLossOptions, LossInput, LossResult } from '../types';
import { batchAllEntry } from './batchAll';
import { batchHardEntry, batchHardSoftEntry } from './batchHard';
import { batchOhnmEntry } from './batchOhnm';
import { liftedEntry } from './lifted';
import { msmlEntry } from './msml';
import { quadrupletEntry } from './quadruplet';
import { semiHardEntry } from './semiHard';

/** Mean softmax cross-entropy of [B, C] logits against [B] int32 class indices. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, classIndices: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(classIndices, logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

function tripletPart(batch: PreparedBatch, input: LossInput, options: SoftmaxTripletOptions): LossResult {
  const base: BaseLossOptions = { margin: options.margin, distance: options.distance, normalize: options.normalize };
  switch (options.triplet) {
    case 'batchHard':
      return batchHardEntry.body(batch, input, base);
    case 'batchHardSoft':
      return batchHardSoftEntry.body(batch, input, base);
    case 'batchAll':
      return batchAllEntry.body(batch, input, { ...batchAllEntry.defaults, ...base });
    case 'semiHard':
      return semiHardEntry.body(batch, input, { ...semiHardEntry.defaults, ...base });
    case 'batchOhnm':
      return batchOhnmEntry.body(batch, input, { ...batchOhnmEntry.defaults, ...base });
    case 'lifted':
      return liftedEntry.body(batch, input, base);
    case 'quadruplet':
      return quadrupletEntry.body(batch, input, { ...quadrupletEntry.defaults, ...base });
    case 'msml':
      return msmlEntry.body(batch, input, base);
  }
}

function softmaxTripletBody(batch: PreparedBatch, input: LossInput, options: SoftmaxTripletOptions): LossResult {
  const { logits, classIndices } = input;
  if (!logits || !classIndices) throw new Error('softmaxTriplet needs LossInput.logits and LossInput.classIndices.');
  const part = tripletPart(batch, input, options);
  const loss = tf.add(softmaxCrossEntropy(logits, classIndices), tf.mul(options.weight, part.loss)) as tf.Scalar;
  return { loss, selection: part.selection };
}

export const softmaxTripletEntry: LossEntry<SoftmaxTripletOptions> = {
  ...softmaxTripletInfo,
  body: softmaxTripletBody,
};
