/**
 * offlineHard (Schroff et al. 2015, FaceNet's offline triplet generation; seed 001 option 1): every `refreshEvery`
 * steps the trainer embeds a subset and mines, per anchor, the hardest positive and the hardest (or a semi-hard)
 * negative (metric/miners.ts mineOfflineHard); those triplets come in as `LossInput.triplets`. Reducer: mean≠0.
 */
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import type { BaseLossOptions } from '../types';
import { EXPLICIT_TRIPLETS_TORCH, explicitTripletsBody } from './randomTriplets';

export interface OfflineHardOptions extends BaseLossOptions {
  /** Trainer: steps between two refreshes of the mined triplets. */
  refreshEvery: number;
  /** Trainer: images embedded per refresh. */
  subsetSize: number;
  /** mineOfflineHard: hardest negative, or the closest one farther than the positive. */
  negative: 'hardest' | 'semiHard';
}

export const offlineHard = defineLoss<OfflineHardOptions>({
  id: 'offlineHard',
  label: 'Offline hard mining',
  description: 'Every n steps, mine hardest triplets on an embedded subset; train on them until the next refresh.',
  explanation:
    'Every n steps the trainer embeds a random subset of the training set with the current model and keeps, per ' +
    'anchor, the hardest positive and the hardest (or a semi-hard) negative of that subset (mineOfflineHard). ' +
    'Those triplets are trained on until the next refresh, so they grow stale as the model moves.',
  formula: String.raw`\mathcal{L} = \frac{1}{|\{\ell > 0\}|} \sum_{(a,p,n)} \left[ d_{ap} - d_{an} + m \right]_+`,
  source: 'Schroff et al. 2015, FaceNet, offline triplet generation',
  options: [
    { name: 'refreshEvery', type: 'integer', default: 50, min: 1, max: 10000, description: 'Steps between refreshes (the trainer reads it).' },
    { name: 'subsetSize', type: 'integer', default: 512, min: 16, max: 8192, description: 'Images embedded per refresh.' },
    {
      name: 'negative',
      type: 'choice',
      default: 'hardest',
      choices: ['hardest', 'semiHard'],
      description: 'Hardest negative, or the closest one farther than the positive (hardest when none).',
    },
  ],
  defaults: { ...BASE_DEFAULTS, refreshEvery: 50, subsetSize: 512, negative: 'hardest' },
  inputs: ['minedTriplets'],
  composition: { miner: 'hardest triplets of an embedded subset, refreshed every n steps', reducer: 'mean over the non-zero terms' },
  inspector: 'none',
  python: {
    fn: 'offline_hard',
    torch: EXPLICIT_TRIPLETS_TORCH('offline_hard', 'hardest'),
    pml: `# The lab re-mines the hardest triplets of a {{subsetSize}}-image subset every {{refreshEvery}} steps; this mines online per batch instead.
miner = miners.BatchHardMiner(distance=distance)
loss_func = losses.TripletMarginLoss(margin=margin_at(0), distance=distance, reducer=reducers.AvgNonZeroReducer())


def triplet_term(embeddings, labels, step):
    loss_func.margin = margin_at(step)
    return loss_func(embeddings, labels, miner(embeddings, labels))`,
    pmlMatch: 'approximate',
    pmlSummary: 'BatchHardMiner + TripletMarginLoss, AvgNonZeroReducer',
    pmlNote: 'Online batch-hard mining instead of offline re-mining.',
  },
  body: explicitTripletsBody,
});
