import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityHead, identityLogits } from './identityHead';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('identity head', () => {
  it('maps [B, D] to [B, N] logits equal to x·W + b (float64 oracle), seeded', () => {
    const baseline = tf.memory().numTensors;
    const head = buildIdentityHead({ embeddingDim: 3, numIdentities: 5, seed: 8 });
    const twin = buildIdentityHead({ embeddingDim: 3, numIdentities: 5, seed: 8 });
    const other = buildIdentityHead({ embeddingDim: 3, numIdentities: 5, seed: 9 });
    expect(head.countParams()).toBe(3 * 5 + 5);
    const kernel = (m: tf.LayersModel): number[] => Array.from(m.getWeights()[0]?.dataSync() ?? []);
    expect(kernel(twin)).toEqual(kernel(head));
    expect(kernel(other)).not.toEqual(kernel(head));

    tf.tidy(() => head.setWeights([head.getWeights()[0] as tf.Tensor, tf.tensor1d([0.1, -0.2, 0.3, 0, 1])]));
    const rows = [
      [1, 2, 3],
      [-0.5, 0, 0.25],
    ];
    const x = tf.tensor2d(rows);
    const logits = identityLogits(head, x);
    expect(logits.shape).toEqual([2, 5]);
    const w = kernel(head);
    const bias = [0.1, -0.2, 0.3, 0, 1];
    const got = logits.arraySync();
    rows.forEach((row, i) => {
      for (let n = 0; n < 5; n++) {
        const want = row.reduce((acc, v, d) => acc + v * (w[d * 5 + n] ?? 0), bias[n] ?? 0);
        expect(got[i]?.[n]).toBeCloseTo(want, 5);
      }
    });
    tf.dispose([x, logits]);
    [head, twin, other].forEach((m) => m.dispose());
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('rejects fewer than two identities', () => {
    expect(() => buildIdentityHead({ embeddingDim: 4, numIdentities: 1, seed: 1 })).toThrow(/numIdentities/);
  });
});
