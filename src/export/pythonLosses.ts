/**
 * How each of the lab's losses maps onto pytorch-metric-learning (PML), as a table for the docs and as the Python
 * code of the exported script. Each block defines `triplet_term(embeddings, labels, step)`; helpers it may use
 * (`distance`, `lab_distance`, `masks`, `margin_at`) are defined by the script around it (pythonExport.ts).
 *
 * | lab id           | PML in the script                                                        | match |
 * | ---------------- | ------------------------------------------------------------------------ | ----- |
 * | `batchHard`      | `TripletMarginLoss(margin, reducer=MeanReducer())` + `BatchHardMiner()`    | exact |
 * | `batchHardSoft`  | `TripletMarginLoss(margin=0, smooth_loss=True, MeanReducer)` + `BatchHardMiner()` | exact |
 * | `batchAll`       | `TripletMarginLoss(margin, triplets_per_anchor='all')`, `AvgNonZeroReducer` (meanNonZero) or `MeanReducer` (mean) | exact |
 * | `semiHard`       | `TripletMarginMiner(margin, type_of_triplets='semihard')` + `TripletMarginLoss(MeanReducer)` | close: PML keeps every semi-hard triplet, FaceNet (the lab) only the closest semi-hard negative per positive pair; no fallback |
 * | `batchOhnm`      | custom miner (random margin-violating negative per positive pair) + `TripletMarginLoss(MeanReducer)` | exact up to the random draws |
 * | `lifted`         | `LiftedStructureLoss(neg_margin=margin, pos_margin=0)`                    | close: same J_ij, PML's reduction may differ by a constant factor |
 * | `quadruplet`     | custom loss (no PML equivalent)                                          | exact |
 * | `msml`           | custom loss (`BatchHardMiner` is per anchor, MSML one term per batch)     | exact |
 * | `angularTriplet` | custom A-Softmax loss (PML's `AngularLoss` is Wang et al. 2017, another loss) | exact without the `semiHard` option |
 * | `softmaxTriplet` | `nn.Linear(D, identities)` + `F.cross_entropy` + w · the chosen triplet term | exact |
 * | `randomTriplets` | `TripletMarginLoss(margin, triplets_per_anchor=1)` (`AvgNonZeroReducer`)  | approximate: random triplets within each P×K batch, not over the whole set |
 * | `offlineHard`    | `BatchHardMiner()` + `TripletMarginLoss` (`AvgNonZeroReducer`)            | approximate: online batch-hard instead of re-mining a subset every n steps |
 *
 * Distances: `euclidean` → `LpDistance(normalize_embeddings=L2, p=2, power=1)`, `squaredEuclidean` → `power=2`,
 * `cosine` → `CosineSimilarity()`. PML treats a similarity as inverted and hinges on `s_an − s_ap + m`; with the
 * lab's `d = 1 − s` that is `d_ap − d_an + m`, so the margin keeps its value.
 */
import type { LossId } from '../metric';
import type { RunConfig } from '../train/runConfig';

export interface PmlMapping {
  pml: string;
  match: 'exact' | 'close' | 'approximate';
  note: string;
}

export const PML_MAPPING: Readonly<Record<LossId, PmlMapping>> = {
  batchHard: { pml: 'TripletMarginLoss + BatchHardMiner, MeanReducer', match: 'exact', note: '' },
  batchHardSoft: {
    pml: 'TripletMarginLoss(smooth_loss=True, margin=0) + BatchHardMiner, MeanReducer',
    match: 'exact',
    note: '',
  },
  batchAll: {
    pml: "TripletMarginLoss(triplets_per_anchor='all'), AvgNonZeroReducer or MeanReducer",
    match: 'exact',
    note: '',
  },
  semiHard: {
    pml: "TripletMarginMiner(type_of_triplets='semihard') + TripletMarginLoss, MeanReducer",
    match: 'close',
    note: 'PML keeps every semi-hard triplet; FaceNet keeps the closest semi-hard negative of each positive pair.',
  },
  batchOhnm: {
    pml: 'custom miner + TripletMarginLoss, MeanReducer',
    match: 'exact',
    note: 'Random draws differ from the lab.',
  },
  lifted: {
    pml: 'LiftedStructureLoss(neg_margin=m, pos_margin=0)',
    match: 'close',
    note: 'Reduction may differ by a constant factor.',
  },
  quadruplet: { pml: 'custom loss', match: 'exact', note: 'PML has no quadruplet loss.' },
  msml: { pml: 'custom loss', match: 'exact', note: 'BatchHardMiner is per anchor; MSML keeps one term per batch.' },
  angularTriplet: {
    pml: 'custom A-Softmax loss',
    match: 'exact',
    note: "PML's AngularLoss is a different paper (Wang et al. 2017).",
  },
  softmaxTriplet: { pml: 'Linear head + cross-entropy + w · triplet term', match: 'exact', note: '' },
  randomTriplets: {
    pml: 'TripletMarginLoss(triplets_per_anchor=1), AvgNonZeroReducer',
    match: 'approximate',
    note: 'Random triplets within each batch, not over the whole training set.',
  },
  offlineHard: {
    pml: 'BatchHardMiner + TripletMarginLoss, AvgNonZeroReducer',
    match: 'approximate',
    note: 'Online batch-hard mining instead of offline re-mining.',
  },
};

type Options = Record<string, number | string | boolean>;
const py = (v: number | string | boolean): string =>
  typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'number' ? String(v) : `'${v}'`;

/** Python for a triplet-style PML loss with an optional miner, the margin following the schedule. */
function pmlBlock(loss: string, miner: string | null, marginIsScheduled = true): string {
  return [
    miner ? `miner = ${miner}` : 'miner = None',
    `loss_func = ${loss}`,
    '',
    '',
    'def triplet_term(embeddings, labels, step):',
    ...(marginIsScheduled
      ? [
          '    loss_func.margin = margin_at(step)',
          ...(miner?.includes('margin=') ? ['    miner.margin = margin_at(step)'] : []),
        ]
      : []),
    '    mined = miner(embeddings, labels) if miner is not None else None',
    '    return loss_func(embeddings, labels, mined)',
  ].join('\n');
}

const tml = (args: string, reducer: 'MeanReducer' | 'AvgNonZeroReducer') =>
  `losses.TripletMarginLoss(${args}, distance=distance, reducer=reducers.${reducer}())`;

/** The Python block of `loss` with its options (defaults filled in by the caller). */
export function lossBlock(loss: LossId, o: Options): string {
  switch (loss) {
    case 'batchHard':
      return pmlBlock(tml('margin=margin_at(0)', 'MeanReducer'), 'miners.BatchHardMiner(distance=distance)');
    case 'batchHardSoft':
      return pmlBlock(
        tml('margin=0.0, smooth_loss=True', 'MeanReducer'),
        'miners.BatchHardMiner(distance=distance)',
        false,
      );
    case 'batchAll':
      return `# reduction '${String(o.reduction)}': ${o.reduction === 'mean' ? 'mean over all valid triplets' : "mean over the active (non-zero) triplets, Hermans' '≠0'"}\n${pmlBlock(
        tml(
          "margin=margin_at(0), triplets_per_anchor='all'",
          o.reduction === 'mean' ? 'MeanReducer' : 'AvgNonZeroReducer',
        ),
        null,
      )}`;
    case 'semiHard':
      return `# Not identical: PML's semihard miner keeps every triplet with d_ap < d_an < d_ap + m, FaceNet (the lab) only the
# closest such negative per positive pair${o.fallback === 'farthestNegative' ? "; the lab's 'farthestNegative' fallback has no PML option" : ''}.
${pmlBlock(tml('margin=margin_at(0)', 'MeanReducer'), "miners.TripletMarginMiner(margin=margin_at(0), type_of_triplets='semihard', distance=distance)")}`;
    case 'randomTriplets':
      return `# The lab draws triplets uniformly from the whole training set; this draws one random triplet per anchor in each batch.
${pmlBlock(tml('margin=margin_at(0), triplets_per_anchor=1', 'AvgNonZeroReducer'), null)}`;
    case 'offlineHard':
      return `# The lab re-mines the hardest triplets of a ${String(o.subsetSize)}-image subset every ${String(o.refreshEvery)} steps; this mines online per batch instead.
${pmlBlock(tml('margin=margin_at(0)', 'AvgNonZeroReducer'), 'miners.BatchHardMiner(distance=distance)')}`;
    case 'lifted':
      return `# Song et al. 2016: J_ij = log(sum exp(m - d_in) + sum exp(m - d_jn)) + d_ij, loss mean [J_ij]_+^2 (constant factor may differ).
${pmlBlock('losses.LiftedStructureLoss(neg_margin=margin_at(0), pos_margin=0, distance=distance)', null, false).replace(
  '    mined =',
  '    loss_func.neg_margin = margin_at(step)\n    mined =',
)}`;
    case 'batchOhnm':
      return `EXCLUDE_HARDEST_FRACTION = ${py(o.excludeHardestFraction ?? 0)}
ohnm_generator = torch.Generator().manual_seed(${py(o.seed ?? 1)})
loss_func = ${tml('margin=margin_at(0)', 'MeanReducer')}


def ohnm_miner(embeddings, labels, margin):
    """Per positive pair (a, p), a random negative among those with d_an < d_ap + m, skipping each anchor's nearest
    EXCLUDE_HARDEST_FRACTION of negatives (against label noise)."""
    with torch.no_grad():
        d = lab_distance(embeddings)
        positive, negative = masks(labels)
        order = d.masked_fill(~negative, float('inf')).argsort(1).argsort(1)
        skip = (negative.sum(1) * EXCLUDE_HARDEST_FRACTION).floor()
        negative = negative & (order >= skip[:, None])
        a, p = torch.where(positive)
        violating = negative[a] & (d[a] < d[a, p][:, None] + margin)
        keep = violating.any(1)
        a, p, violating = a[keep], p[keep], violating[keep]
        if len(a) == 0:
            return a, p, a
        n = torch.multinomial(violating.float().cpu(), 1, generator=ohnm_generator).squeeze(1).to(a.device)
    return a, p, n


def triplet_term(embeddings, labels, step):
    loss_func.margin = margin_at(step)
    return loss_func(embeddings, labels, ohnm_miner(embeddings, labels, margin_at(step)))`;
    case 'quadruplet':
      return `MARGIN2_RATIO = ${py(o.margin2Ratio ?? 0.5)}  # m2 = ratio * m1; Chen et al. require m1 > m2


def triplet_term(embeddings, labels, step):
    """Chen et al. 2017: batch hard plus [d_ap - d_ij + m2]_+ with (i, j) the closest negative pair of the batch whose
    identities both differ from the anchor's. Builds a B x B x B mask: fine for P*K batches."""
    m1 = margin_at(step)
    m2 = MARGIN2_RATIO * m1
    d = lab_distance(embeddings)
    positive, negative = masks(labels)
    big = torch.finfo(d.dtype).max
    ap = d.masked_fill(~positive, -big).amax(1)
    an = d.masked_fill(~negative, big).amin(1)
    other = negative  # other[a, i]: i's identity differs from a's
    pair = other[:, :, None] & other[:, None, :] & negative[None, :, :]
    dij = d[None].expand_as(pair).masked_fill(~pair, big).amin((1, 2))
    valid = positive.any(1) & negative.any(1)
    has_pair = pair.flatten(1).any(1) & valid
    terms = F.relu(ap - an + m1) * valid + F.relu(ap - dij + m2) * has_pair
    return terms.sum() / valid.sum().clamp_min(1)`;
    case 'msml':
      return `def triplet_term(embeddings, labels, step):
    """Xiao et al. 2017: the hardest positive pair against the hardest negative pair of the whole batch."""
    d = lab_distance(embeddings)
    positive, negative = masks(labels)
    if not positive.any() or not negative.any():
        return embeddings.sum() * 0
    return F.relu(d[positive].max() - d[negative].min() + margin_at(step))`;
    case 'angularTriplet':
      return `# Angular triplet loss (seed 004, on SphereFace's A-Softmax). PML's AngularLoss is Wang et al. 2017, a different loss.
ANGULAR_MARGIN = ${py(o.angularMargin ?? 2)}
LAMBDA_BASE, LAMBDA_GAMMA, LAMBDA_POWER, LAMBDA_MIN = ${py(o.lambdaBase ?? 1000)}, ${py(o.lambdaGamma ?? 0.12)}, ${py(o.lambdaPower ?? 1)}, ${py(o.lambdaMin ?? 3)}
${o.semiHard ? "# The lab's 'semiHard' option (only semi-hard negatives compete) is not exported: every negative competes.\n" : ''}

def triplet_term(embeddings, labels, step):
    """Per positive pair (a, p): cross-entropy of p's centre among {p} and the negatives; centres are normalised
    embeddings with the gradient stopped, so only the anchor moves."""
    m = ANGULAR_MARGIN
    lam = max(LAMBDA_MIN, LAMBDA_BASE * (1 + LAMBDA_GAMMA * step) ** -LAMBDA_POWER)
    norm = embeddings.norm(dim=1, keepdim=True).clamp_min(1e-6)
    centres = F.normalize(embeddings, dim=1).detach()
    cos = ((embeddings / norm) @ centres.T).clamp(-1, 1)
    k = sum((cos.detach() <= math.cos(j * math.pi / m)).float() for j in range(1, m))
    cheb_prev, cheb = torch.ones_like(cos), cos  # cos(m theta) as the Chebyshev polynomial T_m(cos theta)
    for _ in range(1, m):
        cheb_prev, cheb = cheb, 2 * cos * cheb - cheb_prev
    psi = (1 - 2 * (k % 2)) * cheb - 2 * k
    target = norm * (lam * cos + psi) / (1 + lam)
    positive, negative = masks(labels)
    e = torch.where(negative, torch.exp(norm * (cos - 1)), torch.zeros_like(cos))
    ce = F.softplus(torch.log(e.sum(1, keepdim=True).clamp_min(1e-30)) + norm - target)
    valid = (positive & negative.any(1, keepdim=True)).float()
    return (ce * valid).sum() / valid.sum().clamp_min(1)`;
    case 'softmaxTriplet':
      throw new Error('softmaxTriplet wraps another loss: use its triplet part');
  }
}

/** The distance object of the script for the config (angularTriplet always measures with cosine). */
export function distanceLine(config: RunConfig, fixed?: string): string {
  const distance = fixed ?? config.trainer.distance;
  const l2 = config.trainer.model.normalize ? 'True' : 'False';
  switch (distance) {
    case 'cosine':
      return "# A similarity: PML hinges on s_an - s_ap + m, which is the lab's d_ap - d_an + m with d = 1 - s.\ndistance = distances.CosineSimilarity()";
    case 'squaredEuclidean':
      return `distance = distances.LpDistance(normalize_embeddings=${l2}, p=2, power=2)`;
    default:
      return `distance = distances.LpDistance(normalize_embeddings=${l2}, p=2, power=1)`;
  }
}
