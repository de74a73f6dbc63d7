/**
 * What adding a loss costs: a variant defined here, as one object (what a loss file holds) and one registerLoss line
 * (what the registry holds), is listed for the page, trains a step in the lab's Trainer, and is exported: its Python
 * is in the training package's losses.py and the PML script, and train.py --check recomputes its golden batch in
 * PyTorch to 1e-4. Nothing else names it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSS_IDS, LOSSES, type LossId } from '../metric/catalog';
import { defineLoss, lossInfoOf } from '../metric/lossEntry';
import { BASE_DEFAULTS } from '../metric/lossInfo';
import { hardestPerAnchor } from '../metric/mining/hardestPerAnchor';
import { avgNonZeroReducer, tripletHinge } from '../metric/reducers';
import { registerLoss } from '../metric/registry';
import type { BaseLossOptions } from '../metric/types';
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { DEFAULT_RUN_CONFIG } from '../train/runConfig';
import { pythonScript } from './pythonExport';
import { trainingLossesPy } from './pythonLosses';
import { exportFirstStep, HAS_TORCH, NO_TORCH, runCheck, SMALL_RUN } from './testing/firstStepPackage';

/** Batch hard averaged over the active anchors only (Hermans et al.'s "≠0" applied to batch hard). */
const batchHardNonZero = defineLoss<BaseLossOptions & { scale: number }>({
  id: 'batchHardNonZero',
  label: 'Batch hard, mean over active anchors',
  description: 'Batch hard, averaged over the anchors whose hinge is not zero.',
  explanation: 'The batch-hard triplets, reduced like batch all: easy anchors do not dilute the gradient.',
  formula: String.raw`\mathcal{L} = \frac{s}{|\{\ell_a > 0\}|} \sum_a \left[ \max_p d_{ap} - \min_n d_{an} + m \right]_+`,
  source: 'Hermans, Beyer & Leibe 2017, In Defense of the Triplet Loss (a test variant)',
  options: [{ name: 'scale', type: 'number', default: 2, min: 0, max: 10, description: 'Factor s of the loss.' }],
  defaults: { ...BASE_DEFAULTS, scale: 2 },
  inputs: [],
  composition: { miner: 'hardest positive and hardest negative per anchor', reducer: 'mean over the non-zero terms' },
  inspector: 'hardestPerAnchor',
  python: {
    fn: 'batch_hard_nonzero',
    torch: `def batch_hard_nonzero(dist, labels, margin, options, context):
    ap, an, valid = hardest_per_anchor(dist, labels)
    return options.get("scale", 2) * avg_nonzero_reducer(triplet_hinge(ap, an, margin), valid)`,
    pml: `SCALE = {{scale}}
miner = miners.BatchHardMiner(distance=distance)
loss_func = losses.TripletMarginLoss(margin=margin_at(0), distance=distance, reducer=reducers.AvgNonZeroReducer())


def triplet_term(embeddings, labels, step):
    loss_func.margin = margin_at(step)
    return SCALE * loss_func(embeddings, labels, miner(embeddings, labels))`,
    pmlMatch: 'exact',
    pmlSummary: 'TripletMarginLoss + BatchHardMiner, AvgNonZeroReducer',
    pmlNote: '',
  },
  body: (batch, _input, options) => {
    const mined = hardestPerAnchor(batch);
    const loss = tf.mul(options.scale, avgNonZeroReducer(tripletHinge(mined.apDist, mined.anDist, options.margin), mined.valid)) as tf.Scalar;
    return { loss, selection: { kind: 'triplets', ...mined } };
  },
});

registerLoss(batchHardNonZero);
const id = 'batchHardNonZero' as LossId;

describe('a loss variant added as one object and one registerLoss line', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it('is listed with what it declares', () => {
    expect(LOSS_IDS).toContain(id);
    expect(lossInfoOf(LOSSES[id] as never)).toEqual(lossInfoOf(batchHardNonZero));
  });

  it('is exported: its PyTorch in losses.py with its table line, its PML block with its option in the script', () => {
    const py = trainingLossesPy();
    expect(py).toContain('def batch_hard_nonzero(dist, labels, margin, options, context):');
    expect(py).toContain('    "batchHardNonZero": batch_hard_nonzero,');
    const script = pythonScript({ ...DEFAULT_RUN_CONFIG, trainer: { ...DEFAULT_RUN_CONFIG.trainer, loss: id, lossOptions: { scale: 3 } } });
    expect(script).toContain('SCALE = 3\n');
    expect(script).toContain('reducer=reducers.AvgNonZeroReducer()');
    expect(script).toMatch(/\n {2}batchHardNonZero +exact +TripletMarginLoss \+ BatchHardMiner, AvgNonZeroReducer\n/);
  });

  it.skipIf(!HAS_TORCH)(`${HAS_TORCH ? '' : NO_TORCH + ': '}trains a step in the lab, and train.py --check recomputes it in PyTorch to 1e-4`, async () => {
    // Margin 0.5 at this start leaves some anchors active and others not, so the reducer's choice shows.
    const run = await exportFirstStep({ ...SMALL_RUN, loss: id, margin: { kind: 'constant', margin: 0.5 }, lossOptions: { scale: 3 } });
    expect(Number.isFinite(run.loss) && run.loss > 0).toBe(true);
    expect(run.gradNorm).toBeGreaterThan(0);
    const out = runCheck(run.dir);
    expect(out.stdout + out.stderr, out.stderr).toContain('check passed');
    expect(out.status).toBe(0);
  }, 180_000);
});
