/**
 * Angular triplet loss (ATL, seed 004: tianxingyzxq/Angular-Triplet-Loss, built on SphereFace, Liu et al. 2017):
 * the positive and the negatives act as class centres (normalised, gradient stopped) and only the anchor moves.
 * For each positive pair (a, p), an A-Softmax cross-entropy picks p's centre among {p} ∪ negatives:
 *   target  f_ap = ‖a‖ (λ cos θ_ap + ψ(θ_ap)) / (1 + λ),  ψ(θ) = (−1)^k cos(mθ) − 2k, θ ∈ [kπ/m, (k+1)π/m]
 *   others  ‖a‖ cos θ_an
 *   λ = max(λ_min, λ_base (1 + γ · step)^(−power))   (SphereFace's annealing)
 * Option `semiHard`: only negatives with d_ap ≤ d_an < d_ap + margin (cosine distance) compete, found in each
 * anchor's sorted negatives with suffix sums, O(B² log B); pairs without one are left out of the mean.
 * The loss works in angles, so its census and statistics always use the cosine distance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { angularTripletInfo } from '../catalog/angularTriplet';
import type { AngularTripletOptions } from '../catalog/angularTriplet';
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import { exactCountSum } from '../census';
import { l2Normalize } from '../distance';
import type { LossEntry } from '../lossEntry';
import { noGrad, rowMajorIndex, takeFlat } from '../stopGradient';
import type { LossInput, LossResult } from '../types';

/** SphereFace's λ at a training step. */
export function angularLambda(options: AngularTripletOptions, step: number): number {
  return Math.max(options.lambdaMin, options.lambdaBase * Math.pow(1 + options.lambdaGamma * step, -options.lambdaPower));
}

/** cos(mθ) as the Chebyshev polynomial T_m(cos θ): differentiable without acos. */
function chebyshev(c: tf.Tensor, m: number): tf.Tensor {
  let previous: tf.Tensor = tf.onesLike(c);
  let current: tf.Tensor = c;
  if (m === 0) return previous;
  for (let k = 1; k < m; k++) {
    const next = tf.sub(tf.mul(tf.mul(2, c), current), previous);
    previous = current;
    current = next;
  }
  return current;
}

function angularBody(batch: PreparedBatch, input: LossInput, options: AngularTripletOptions): LossResult {
  const { b, dist, masks, negatives } = batch;
  const m = Math.max(1, Math.round(options.angularMargin));
  const x = input.embeddings;
  const norm = tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-12));
  const centres = noGrad(x, () => l2Normalize(x));
  const cos = tf.clipByValue(tf.matMul(tf.div(x, norm), centres, false, true), -1, 1);
  // k = #{j ≥ 1 : θ ≥ jπ/m} = #{j : cos θ ≤ cos(jπ/m)}; sign = (−1)^k.
  const kAndSign = noGrad(x, () =>
    tf.tidy(() => {
      let k: tf.Tensor = tf.zerosLike(cos);
      for (let j = 1; j < m; j++) k = tf.add(k, tf.cast(tf.lessEqual(cos, Math.cos((j * Math.PI) / m)), 'float32'));
      const sign = tf.sub(1, tf.mul(2, tf.mod(k, 2)));
      return tf.stack([k, sign]);
    }),
  );
  const [k, sign] = tf.unstack(kAndSign);
  const psi = tf.sub(tf.mul(sign as tf.Tensor, chebyshev(cos, m)), tf.mul(2, k as tf.Tensor));
  const lambda = angularLambda(options, input.step ?? 0);
  const target = tf.mul(norm, tf.div(tf.add(tf.mul(lambda, cos), psi), 1 + lambda));
  // e_an = exp(‖a‖ cos θ_an − ‖a‖) ∈ (0, 1]: shifted by the largest possible logit.
  const negMask = tf.cast(masks.negative, 'float32');
  const e = tf.mul(negMask, tf.exp(tf.mul(norm, tf.sub(cos, 1))));
  let sum: tf.Tensor;
  let valid: tf.Tensor;
  if (options.semiHard) {
    const index = noGrad(dist, () =>
      tf.tidy(() => {
        const lo = tf.searchSorted(negatives.values, dist, 'left');
        const hi = tf.searchSorted(negatives.values, tf.add(dist, options.margin), 'left');
        const ok = tf.cast(tf.logicalAnd(masks.positive, tf.greater(hi, lo)), 'int32');
        return tf.stack([rowMajorIndex(lo, b), rowMajorIndex(hi, b), ok, rowMajorIndex(negatives.order, b)]);
      }),
    );
    const [loFlat, hiFlat, okInt, orderFlat] = tf.unstack(index);
    const sorted = takeFlat(e, orderFlat as tf.Tensor);
    // Suffix sums from the far end: the range [lo, hi) is suffix[lo] − suffix[hi] without cancelling large terms.
    const suffix = tf.cumsum(sorted, 1, false, true);
    sum = tf.relu(tf.sub(takeFlat(suffix, loFlat as tf.Tensor), takeFlat(suffix, hiFlat as tf.Tensor)));
    valid = tf.cast(okInt as tf.Tensor, 'float32');
  } else {
    sum = tf.sum(e, 1, true);
    valid = tf.mul(tf.cast(masks.positive, 'float32'), tf.cast(tf.greater(masks.negativeCount, 0), 'float32').reshape([b, 1]));
  }
  // CE = log(1 + Σ_n e^{‖a‖cos θ_an − f_ap}) = softplus(log Σ_n e_an + ‖a‖ − f_ap).
  const ce = tf.softplus(tf.add(tf.log(tf.maximum(sum, 1e-30)), tf.sub(norm, target)));
  const loss = safeMean(tf.sum(tf.mul(valid, ce)), tf.sum(valid));
  if (!options.semiHard) return { loss, selection: { kind: 'population' } };
  // The competing set is exactly the semi-hard triplets of the (cosine) census.
  const lo = tf.searchSorted(negatives.values, dist, 'left');
  const hi = tf.searchSorted(negatives.values, tf.add(dist, options.margin), 'left');
  const perAnchor = tf.sum(tf.mul(tf.cast(masks.positive, 'float32'), tf.cast(tf.sub(hi, lo), 'float32')), 1);
  const semi = exactCountSum(perAnchor);
  const zero = tf.zeros([2]);
  return { loss, selection: { kind: 'census', census: tf.concat([zero, semi, zero, semi]) as tf.Tensor1D } };
}

export const angularTripletEntry: LossEntry<AngularTripletOptions> = {
  ...angularTripletInfo,
  body: angularBody,
};
