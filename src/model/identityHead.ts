/**
 * Optional identity-classification head for the softmax + triplet loss combination: one dense layer from the
 * embedding to one logit per training identity. It is a separate model so it can be added or removed without
 * touching the embedding network, and it is never part of the exported embedding model.
 */
import * as tf from '@tensorflow/tfjs';

export interface IdentityHeadConfig {
  embeddingDim: number;
  /** Number of training identities (the logit count). */
  numIdentities: number;
  /** Seed of the initial weights; derive it from the run seed so a link reproduces the run. */
  seed: number;
}

/**
 * Builds the head: input [B, D] → logits [B, numIdentities] (no softmax; pair it with a softmax cross-entropy).
 * Ownership: the returned model owns its variables; dispose it (model.dispose()) when the head is removed.
 */
export function buildIdentityHead(config: IdentityHeadConfig): tf.LayersModel {
  const { embeddingDim, numIdentities, seed } = config;
  if (!Number.isInteger(embeddingDim) || embeddingDim < 1) throw new Error(`embeddingDim must be ≥ 1`);
  if (!Number.isInteger(numIdentities) || numIdentities < 2) throw new Error(`numIdentities must be ≥ 2`);
  const input = tf.input({ shape: [embeddingDim], name: 'identity_input' });
  const logits = tf.layers
    .dense({
      name: 'identity_logits',
      units: numIdentities,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      biasInitializer: 'zeros',
    })
    .apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'identity_head' });
}

/** Logits for a batch of embeddings. @param embeddings [B, D] (not disposed) @returns [B, N] (caller owns) */
export function identityLogits(head: tf.LayersModel, embeddings: tf.Tensor2D): tf.Tensor2D {
  return head.apply(embeddings) as tf.Tensor2D;
}
