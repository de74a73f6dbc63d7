import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedWithViews, viewAffines } from './testTimeAugmentation';

/** A "network" of one dense layer on the flattened image, so embeddings are hand-computable. */
function linearModel(S: number, weights: number[][]): tf.LayersModel {
  const input = tf.input({ shape: [S, S, 1] });
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: weights[0]!.length, useBias: false, weights: [tf.tensor2d(weights)] });
  return tf.model({ inputs: input, outputs: dense.apply(flat) as tf.SymbolicTensor });
}

const normalise = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

describe('test-time augmentation', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has 1, 2 and 12 views; the first is the image itself', () => {
    expect(viewAffines('none', 8)).toEqual([[1, 0, 0, 0, 1, 0]]);
    expect(viewAffines('flip', 8)).toEqual([
      [1, 0, 0, 0, 1, 0],
      [-1, 0, 7, 0, 1, 0],
    ]);
    expect(viewAffines('flip5crop', 8)).toHaveLength(12);
  });

  it('flip: the normalised mean of the image\'s and its mirror\'s normalised embeddings (hand-computed)', async () => {
    // 2×2 image [[a, b], [c, d]]; mirror [[b, a], [d, c]]. Weights pick out (a + 2b, c) for D = 2.
    const S = 2;
    const model = linearModel(S, [[1, 0], [2, 0], [0, 1], [0, 0]]);
    const image = [0.1, 0.7, 0.3, 0.9];
    const x = tf.tensor4d(image, [1, S, S, 1]);
    const before = tf.memory().numTensors;
    const out = embedWithViews(model, x, 'flip');
    const got = Array.from(await out.data());
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const [a, b, c, d] = image as [number, number, number, number];
    const plain = normalise([a + 2 * b, c]);
    const mirror = normalise([b + 2 * a, d]);
    const expected = normalise([plain[0]! + mirror[0]!, plain[1]! + mirror[1]!]);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    // 'none' is the plain normalised embedding.
    const none = embedWithViews(model, x, 'none');
    Array.from(await none.data()).forEach((v, i) => expect(v).toBeCloseTo(plain[i]!, 6));
    tf.dispose([x, none]);
    model.dispose();
  });

  it('a mirror-symmetric image gets the same embedding with and without flip averaging', async () => {
    const S = 4;
    const weights = Array.from({ length: S * S }, (_, i) => [Math.sin(i), Math.cos(2 * i), 0.3]);
    const model = linearModel(S, weights);
    const row = [0.2, 0.6, 0.6, 0.2];
    const x = tf.tensor4d([...row, ...row.map((v) => v + 0.1), ...row, ...row], [1, S, S, 1]);
    const plain = embedWithViews(model, x, 'none');
    const flip = embedWithViews(model, x, 'flip');
    // The mirror of a symmetric image is itself, so both views agree and the mean is either one.
    const [p, f] = [Array.from(await plain.data()), Array.from(await flip.data())];
    p.forEach((v, i) => expect(f[i]).toBeCloseTo(v, 6));
    tf.dispose([x, plain, flip]);
    model.dispose();
  });
});
