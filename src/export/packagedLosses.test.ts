/**
 * Every loss of the lab in the training package: for each loss file, a fresh run is trained one step by the lab's own
 * Trainer (wasm) on a tiny synthetic set, exported, and `train.py --check` recomputes that golden batch in PyTorch
 * from the same initial weights: loss, census and gradient norm must agree to 1e-4 (train.py's tolerance). The oracle
 * is independent: Debian's PyTorch running the loss file's Python block. Skipped, with the reason in the test's name,
 * where /usr/bin/python3 cannot import torch (CI installs python3-torch with apt).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSS_IDS, LOSSES } from '../metric/catalog';
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { exportFirstStep, HAS_TORCH, NO_TORCH, runCheck, SMALL_RUN } from './testing/firstStepPackage';

/** Options off their defaults where a loss has them, so the check covers the option paths too. */
const OPTIONS: Partial<Record<string, Record<string, string | number | boolean>>> = {
  batchAll: { reduction: 'mean' },
  semiHard: { fallback: 'farthestNegative' },
  batchOhnm: { seed: 7 },
  quadruplet: { margin2Ratio: 0.25 },
};

describe('every loss in the PyTorch training package', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  for (const loss of LOSS_IDS) {
    const name = `${HAS_TORCH ? '' : NO_TORCH + ': '}train.py --check recomputes the lab's ${loss} golden batch (loss, census, gradient norm) to 1e-4`;
    it.skipIf(!HAS_TORCH)(name, async () => {
      const margin = { kind: 'constant' as const, margin: LOSSES[loss].defaults.margin };
      const run = await exportFirstStep({ ...SMALL_RUN, loss, margin, lossOptions: OPTIONS[loss] ?? {} });
      const out = runCheck(run.dir);
      expect(out.stdout + out.stderr, out.stderr).toContain('check passed');
      expect(out.status).toBe(0);
      // A loss that trains: the golden step moved the network.
      expect(run.gradNorm).toBeGreaterThan(0);
    }, 180_000);
  }
});
