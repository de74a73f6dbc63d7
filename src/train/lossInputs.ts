/**
 * What the trainer brings a loss beyond embeddings and labels, as the loss declares it (LossInfo.inputs): the batch's
 * explicit triplets as tensors, and for `identityLogits` a classification head over the training identities (seed
 * 003) with each identity's class.
 */
import * as tf from '@tensorflow/tfjs';
import { lossEntry } from '../metric/registry';
import { buildIdentityHead } from '../model/identityHead';
import { disposeModel } from '../model/backbone';
import type { TrainerSettings } from './settings';

/**
 * The offline miner's settings for a loss on `minedTriplets`, as that loss declares them among its options
 * (offlineHard: refreshEvery, subsetSize, negative), with its defaults under the run's values.
 */
export function minedTripletOptions(settings: TrainerSettings): { refreshEvery: number; subsetSize: number; negative: 'hardest' | 'semiHard' } {
  const options: Record<string, unknown> = { ...lossEntry(settings.loss).defaults, ...settings.lossOptions };
  return {
    refreshEvery: Math.max(1, Math.round(Number(options['refreshEvery'] ?? 50))),
    subsetSize: Math.max(2, Math.round(Number(options['subsetSize'] ?? 512))),
    negative: options['negative'] === 'semiHard' ? 'semiHard' : 'hardest',
  };
}

/** Flat (anchor, positive, negative, …) indices as three int32 [T] tensors; the caller's tidy owns them. */
export function tripletTensors(flat: Int32Array) {
  const n = flat.length / 3;
  const column = (c: number) => tf.tensor1d(Int32Array.from({ length: n }, (_, i) => flat[i * 3 + c] as number), 'int32');
  return { anchor: column(0), positive: column(1), negative: column(2) };
}

/** A dense head from the embedding to one logit per training identity; owns its variables until `dispose`. */
export class IdentityHead {
  readonly model: tf.LayersModel;
  private readonly classOf: Map<number, number>;

  constructor(embeddingDim: number, identityIds: ArrayLike<number>, seed: number) {
    const ids = Array.from(identityIds);
    this.model = buildIdentityHead({ embeddingDim, numIdentities: ids.length, seed });
    this.classOf = new Map(ids.map((id, i) => [id, i]));
  }

  /** Each image's class (0 … C − 1) from its identity id. */
  classIndices(labels: Int32Array): Int32Array {
    return Int32Array.from(labels, (y) => this.classOf.get(y) ?? 0);
  }

  /** kernel [D, C] row-major and bias [C], read asynchronously. */
  async weights(): Promise<{ kernel: Float32Array; bias: Float32Array; shape: [number, number] }> {
    const [kernel, bias] = this.model.getWeights() as [tf.Tensor2D, tf.Tensor1D];
    return { kernel: (await kernel.data()) as Float32Array, bias: (await bias.data()) as Float32Array, shape: kernel.shape };
  }

  dispose(): void {
    disposeModel(this.model);
  }
}
