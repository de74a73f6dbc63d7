/**
 * Every loss of the lab in the training package: for each loss file, a fresh run is trained one step by the lab's own
 * Trainer (wasm) on a tiny synthetic set, exported, and `train.py --check` recomputes that golden batch in PyTorch
 * from the same initial weights: loss, census and gradient norm must agree to 1e-4 (train.py's tolerance). The oracle
 * is independent: Debian's PyTorch running the loss file's Python block. Skipped, with the reason in the test's name,
 * where /usr/bin/python3 cannot import torch (CI installs python3-torch with apt).
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSS_IDS, LOSSES } from '../metric/catalog';
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { exportFirstStep, HAS_TORCH, NO_TORCH, PYTHON, runCheck, SMALL_RUN } from './testing/firstStepPackage';

/** loss_setup(manifest) derives each image's class from the identity ids; the lab's classes are in the golden batch. */
const CLASSES_AGREE = `
import json, torch, losses
m = json.load(open("manifest.json"))
context = losses.loss_setup(m)
labels = torch.tensor(m["golden"]["labels"])
x = torch.zeros(len(labels), len(context["head"]["kernel"]))
_, classes = losses.identity_logits(dict(context, embeddings=x, labels=labels))
assert classes.tolist() == m["golden"]["context"]["classIndices"], classes.tolist()
print("classes agree", len(set(classes.tolist())))
`;

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
      if (LOSSES[loss].inputs.includes('identityLogits')) {
        // The training loop's context (loss_setup) gives every image the class the lab's head gave it.
        const classes = spawnSync(PYTHON, ['-c', CLASSES_AGREE], { cwd: run.dir, encoding: 'utf8', timeout: 60_000 });
        expect(classes.stdout, classes.stderr).toContain('classes agree');
      }
    }, 180_000);
  }
});
