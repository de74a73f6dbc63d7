/**
 * Margin sample mining loss (Xiao, Luo, Zheng & Zhang 2017, "Margin Sample Mining Loss"): one term per batch,
 * the hardest positive pair against the hardest negative pair of the whole batch,
 * [max_{y_i=y_j} d_ij − min_{y_i≠y_j} d_ij + m]_+. Miner: hardestPairs; the census counts that (pair, pair) as a
 * triplet.
 */
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { hardestPairs } from '../mining/hardestPairs';
import { meanReducer, tripletHinge } from '../reducers';
import type { BaseLossOptions } from '../types';

export const msml = defineLoss<BaseLossOptions>({
  id: 'msml',
  label: 'Margin sample mining (MSML)',
  description: 'The hardest positive pair against the hardest negative pair of the whole batch.',
  explanation:
    'MSML keeps a single term per batch: the largest distance between two images of one identity must be smaller, ' +
    'by the margin, than the smallest distance between images of two identities. The pairs need not share an anchor, ' +
    'which makes it a relative of the quadruplet loss.',
  formula: String.raw`\mathcal{L} = \left[ \max_{y_i = y_j} d_{ij} - \min_{y_i \ne y_j} d_{ij} + m \right]_+`,
  source: 'Xiao, Luo, Zheng & Zhang 2017, Margin Sample Mining Loss',
  options: [],
  defaults: { ...BASE_DEFAULTS },
  inputs: [],
  composition: { miner: 'hardest positive pair and hardest negative pair of the batch', reducer: 'the one term' },
  inspector: 'none',
  python: {
    fn: 'msml',
    torch: `def msml(dist, labels, margin, options, context):
    """Xiao et al. 2017: the hardest positive pair against the hardest negative pair of the whole batch."""
    ap, an, valid = hardest_pairs(dist, labels)
    return mean_reducer(triplet_hinge(ap, an, margin), valid)`,
    pml: `# PML's BatchHardMiner is per anchor; MSML keeps one term per batch: the lab's own PyTorch.
def triplet_term(embeddings, labels, step):
    return msml(lab_distance(embeddings), labels, margin_at(step), {}, {"step": step})`,
    pmlMatch: 'exact',
    pmlSummary: 'custom loss',
    pmlNote: 'BatchHardMiner is per anchor; MSML keeps one term per batch.',
  },
  body: (batch, _input, options) => {
    const mined = hardestPairs(batch);
    return { loss: meanReducer(tripletHinge(mined.apDist, mined.anDist, options.margin), mined.valid), selection: { kind: 'triplets', ...mined } };
  },
});
