/** softmaxTriplet: CE + w · triplet against float64 loops, gradients for embeddings and logits. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLoss as check, dist } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';
import { getLoss } from '../registry';
import { finiteDifference, relativeError, type Mat } from '../testing/oracle';
import { randomBatch } from '../testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('softmaxTriplet against its float64 oracle', () => {
  it('softmaxTriplet: CE over the given logits + w · triplet, gradients for embeddings and logits', () => {
    const { x, labels } = randomBatch(3, 3, 5, 42);
    const logitsArr = labels.map((_, i) => [0.3 * i, -0.2, 0.5 - 0.1 * i, 0.05 * i * i]);
    const classes = labels.map((y) => y % 4);
    const w = 0.7;
    const margin = 0.3;
    const logits = tf.tensor2d(logitsArr);
    const classIndices = tf.tensor1d(classes, 'int32');
    const extras = { logits, classIndices };
    check('softmaxTriplet', { margin, weight: w, triplet: 'batchHard' }, (z, l) =>
      O.oracleSoftmaxCe(logitsArr, classes) + w * O.oracleBatchHard(dist(z, 'euclidean', true), l, margin, false), x, labels, extras);
    // Gradient with respect to the logits.
    const e = tf.tensor2d(x);
    const y = tf.tensor1d(labels, 'int32');
    const fn = getLoss('softmaxTriplet', { margin, weight: w });
    const g = tf.tidy(() =>
      tf.grad((z: tf.Tensor) => {
        const out = fn(e, y, { logits: z as tf.Tensor2D, classIndices });
        return out.loss;
      })(logits).arraySync() as Mat,
    );
    const fd = finiteDifference((z) => O.oracleSoftmaxCe(z, classes), logitsArr);
    expect(relativeError(g.flat(), fd.flat())).toBeLessThan(1e-3);
    tf.dispose([e, y, logits, classIndices]);
  });
});
