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
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import { exactCountSum } from '../census';
import { l2Normalize } from '../distance';
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { noGrad, rowMajorIndex, takeFlat } from '../stopGradient';
import type { BaseLossOptions, LossInput, LossResult } from '../types';

export interface AngularTripletOptions extends BaseLossOptions {
  /** Integer angular margin m of ψ (SphereFace uses 4; seed 004 suggests 2 for small sets). */
  angularMargin: number;
  lambdaBase: number;
  lambdaGamma: number;
  lambdaPower: number;
  lambdaMin: number;
  /** Only semi-hard negatives compete. */
  semiHard: boolean;
}

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

export const angularTriplet = defineLoss<AngularTripletOptions>({
  id: 'angularTriplet',
  label: 'Angular triplet (ATL)',
  description: 'A-Softmax over the positive and the negatives as fixed class centres; only the anchor moves.',
  explanation:
    'The angular triplet loss borrows SphereFace\u2019s multiplicative angular margin: the anchor must be m times ' +
    'closer in angle to its positive than to any negative, each image acting as a class centre whose gradient is ' +
    'stopped. λ blends the plain cosine in at the start and anneals down to λ_min so training does not stall. The ' +
    'semi-hard option lets only the negatives inside the margin window compete.',
  formula: String.raw`\mathcal{L} = -\log \frac{e^{\|a\| \frac{\lambda \cos\theta_{ap} + \psi(\theta_{ap})}{1+\lambda}}}{e^{\|a\| \frac{\lambda \cos\theta_{ap} + \psi(\theta_{ap})}{1+\lambda}} + \sum_n e^{\|a\|\cos\theta_{an}}},\; \psi(\theta) = (-1)^k \cos(m\theta) - 2k`,
  source: 'Angular Triplet Loss (Tian Xing, GitHub tianxingyzxq), after Liu et al. 2017, SphereFace',
  options: [
    { name: 'angularMargin', type: 'integer', default: 2, min: 1, max: 4, description: 'Angular margin m of ψ.' },
    { name: 'lambdaBase', type: 'number', default: 1000, min: 0, max: 10000, description: 'λ at step 0.' },
    { name: 'lambdaGamma', type: 'number', default: 0.12, min: 0, max: 10, description: 'Annealing rate γ.' },
    { name: 'lambdaPower', type: 'number', default: 1, min: 0, max: 10, description: 'Annealing power.' },
    { name: 'lambdaMin', type: 'number', default: 3, min: 0, max: 1000, description: 'Floor λ_min of the annealing.' },
    { name: 'semiHard', type: 'boolean', default: false, description: 'Only semi-hard negatives compete.' },
  ],
  defaults: {
    ...BASE_DEFAULTS,
    distance: 'cosine',
    angularMargin: 2,
    lambdaBase: 1000,
    lambdaGamma: 0.12,
    lambdaPower: 1,
    lambdaMin: 3,
    semiHard: false,
  },
  fixedDistance: 'cosine',
  inputs: [],
  composition: { miner: 'every negative (or the semi-hard ones) of each positive pair', reducer: 'mean over positive pairs' },
  inspector: 'none',
  python: {
    fn: 'angular_triplet',
    torch: `def angular_triplet(dist, labels, margin, options, context):
    """Per positive pair (a, p): A-Softmax cross-entropy of p's centre among {p} and the negatives (or only the
    semi-hard ones); centres are normalised embeddings with the gradient stopped, so only the anchor moves."""
    x = context["embeddings"]
    m = max(1, round(options.get("angularMargin", 2)))
    step = context.get("step", 0)
    lam = max(options.get("lambdaMin", 3), options.get("lambdaBase", 1000) * (1 + options.get("lambdaGamma", 0.12) * step) ** -options.get("lambdaPower", 1))
    norm = torch.sqrt(torch.clamp((x * x).sum(1, keepdim=True), min=1e-12))
    centres = l2_normalize(x).detach()
    cos = torch.clamp((x / norm) @ centres.t(), -1, 1)
    k = torch.zeros_like(cos)
    for j in range(1, m):
        k = k + (cos.detach() <= math.cos(j * math.pi / m)).to(cos.dtype)
    cheb_prev, cheb = torch.ones_like(cos), cos  # cos(m theta) as the Chebyshev polynomial T_m(cos theta)
    for _ in range(1, m):
        cheb_prev, cheb = cheb, 2 * cos * cheb - cheb_prev
    psi = (1 - 2 * torch.remainder(k, 2)) * cheb - 2 * k
    target = norm * (lam * cos + psi) / (1 + lam)
    positive, negative = masks(labels)
    e = negative.to(cos.dtype) * torch.exp(norm * (cos - 1))
    if options.get("semiHard", False):
        d = dist.detach()
        neg_values, order = torch.sort(torch.where(negative, d, torch.full_like(d, float("inf"))), dim=1)
        lo = torch.searchsorted(neg_values.contiguous(), d.contiguous(), right=False)
        hi = torch.searchsorted(neg_values.contiguous(), (d + margin).contiguous(), right=False)
        valid = (positive & (hi > lo)).to(cos.dtype)
        suffix = torch.flip(torch.cumsum(torch.flip(torch.gather(e, 1, order), [1]), 1), [1])
        b = len(labels)
        total = torch.relu(torch.gather(suffix, 1, lo.clamp(max=b - 1)) - torch.gather(suffix, 1, hi.clamp(max=b - 1)))
    else:
        total = e.sum(1, keepdim=True)
        valid = (positive & negative.any(1, keepdim=True)).to(cos.dtype)
    ce = torch.nn.functional.softplus(torch.log(total.clamp(min=1e-30)) + norm - target)
    return safe_mean((valid * ce).sum(), valid.sum())`,
    pml: `# Angular triplet loss (seed 004, on SphereFace's A-Softmax). PML's AngularLoss is Wang et al. 2017, a different loss: the lab's own PyTorch.
ANGULAR_OPTIONS = {"angularMargin": {{angularMargin}}, "lambdaBase": {{lambdaBase}}, "lambdaGamma": {{lambdaGamma}}, "lambdaPower": {{lambdaPower}}, "lambdaMin": {{lambdaMin}}, "semiHard": {{semiHard}}}


def triplet_term(embeddings, labels, step):
    return angular_triplet(lab_distance(embeddings), labels, margin_at(step), ANGULAR_OPTIONS, {"embeddings": embeddings, "step": step})`,
    pmlMatch: 'exact',
    pmlSummary: 'custom A-Softmax loss',
    pmlNote: "PML's AngularLoss is a different paper (Wang et al. 2017).",
  },
  body: angularBody,
});
