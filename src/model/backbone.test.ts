import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { buildEmbeddingModel, disposeModel, modelConfigOf } from './backbone';
import { DEFAULT_MODEL_CONFIG } from './config';
import type { ModelConfig } from './config';

const config = (overrides: Partial<ModelConfig> = {}): ModelConfig => ({
  ...DEFAULT_MODEL_CONFIG,
  preset: 'tiny',
  inputSize: 32,
  channels: 1,
  embeddingDim: 64,
  batchNorm: true,
  seed: 7,
  ...overrides,
});

const randomImages = (b: number, s: number, c: number, seed: number): tf.Tensor4D => {
  const rng = createRng(seed);
  return tf.tensor4d(
    Float32Array.from({ length: b * s * s * c }, () => rng.next()),
    [b, s, s, c],
  );
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---- A float64 oracle of the documented tiny architecture (no batch norm), independent of plan.ts. ----
type Map3 = { h: number; w: number; c: number; v: Float64Array };

/** 'same' convolution as TensorFlow pads it: total = max((out − 1)·s + k − in, 0), the extra row/column at the end. */
function naiveConv(x: Map3, kernel: Float32Array, bias: Float32Array, k: number, s: number, f: number): Map3 {
  const oh = Math.ceil(x.h / s);
  const ow = Math.ceil(x.w / s);
  const padTop = Math.floor(Math.max((oh - 1) * s + k - x.h, 0) / 2);
  const padLeft = Math.floor(Math.max((ow - 1) * s + k - x.w, 0) / 2);
  const v = new Float64Array(oh * ow * f);
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      for (let o = 0; o < f; o++) {
        let acc = bias[o] ?? 0;
        for (let di = 0; di < k; di++)
          for (let dj = 0; dj < k; dj++) {
            const yi = i * s + di - padTop;
            const xj = j * s + dj - padLeft;
            if (yi < 0 || yi >= x.h || xj < 0 || xj >= x.w) continue;
            for (let ci = 0; ci < x.c; ci++) {
              acc += (x.v[(yi * x.w + xj) * x.c + ci] ?? 0) * (kernel[((di * k + dj) * x.c + ci) * f + o] ?? 0);
            }
          }
        v[(i * ow + j) * f + o] = acc;
      }
  return { h: oh, w: ow, c: f, v };
}
const relu = (x: Map3): Map3 => ({ ...x, v: x.v.map((a) => Math.max(a, 0)) });
const add = (a: Map3, b: Map3): Map3 => ({ ...a, v: a.v.map((x, i) => x + (b.v[i] ?? 0)) });

function naiveTinyForward(model: tf.LayersModel, image: Map3, dim: number): number[] {
  const w = (name: string): [Float32Array, Float32Array] => {
    const [kernel, bias] = model.getLayer(name).getWeights();
    if (kernel === undefined || bias === undefined) throw new Error(`${name}: expected kernel and bias`);
    return [kernel.dataSync() as Float32Array, bias.dataSync() as Float32Array];
  };
  const block = (x: Map3, p: string, f: number): Map3 => {
    const a = relu(naiveConv(x, ...w(`${p}_conv_a`), 3, 2, f));
    const b = naiveConv(a, ...w(`${p}_conv_b`), 3, 1, f);
    return relu(add(b, naiveConv(x, ...w(`${p}_proj`), 1, 2, f)));
  };
  let x = relu(naiveConv(image, ...w('stem_conv'), 3, 2, 8));
  x = block(x, 's1b1', 16);
  x = block(x, 's2b1', 32);
  const pooled = Array.from({ length: x.c }, (_, ci) => {
    let sum = 0;
    for (let p = 0; p < x.h * x.w; p++) sum += x.v[p * x.c + ci] ?? 0;
    return sum / (x.h * x.w);
  });
  const [kernel, bias] = w('embedding');
  return Array.from({ length: dim }, (_, o) =>
    pooled.reduce((acc, a, ci) => acc + a * (kernel[ci * dim + o] ?? 0), bias[o] ?? 0),
  );
}

describe('buildEmbeddingModel', () => {
  it('maps [B, S, S, C] to [B, D] for D = 64 and D = 2, grayscale and RGB', () => {
    for (const c of [config(), config({ embeddingDim: 2, channels: 3, inputSize: 64, batchNorm: false })]) {
      const model = buildEmbeddingModel(c);
      const x = randomImages(3, c.inputSize, c.channels, 1);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([3, c.embeddingDim]);
      tf.dispose([x, y]);
      disposeModel(model);
    }
  });

  it('computes the documented architecture (float64 oracle, tiny, no batch norm)', () => {
    const dim = 4;
    const model = buildEmbeddingModel(config({ batchNorm: false, embeddingDim: dim, seed: 3 }));
    // Non-zero biases, so a dropped or misplaced bias shows.
    const rng = createRng(99);
    tf.tidy(() => {
      for (const layer of model.layers) {
        const weights = layer.getWeights();
        if (weights.length === 2 && weights[1] !== undefined) {
          const bias = weights[1];
          const noisy = tf.tensor(
            Array.from({ length: bias.size }, () => rng.normal() * 0.1),
            bias.shape,
          );
          layer.setWeights([weights[0] as tf.Tensor, noisy]);
        }
      }
    });
    const x = randomImages(2, 32, 1, 5);
    const y = model.predict(x) as tf.Tensor2D;
    const got = y.arraySync();
    const pixels = x.dataSync();
    for (let b = 0; b < 2; b++) {
      const image: Map3 = { h: 32, w: 32, c: 1, v: Float64Array.from(pixels.subarray(b * 1024, (b + 1) * 1024)) };
      const want = naiveTinyForward(model, image, dim);
      want.forEach((value, o) => expect(got[b]?.[o]).toBeCloseTo(value, 4));
    }
    tf.dispose([x, y]);
    disposeModel(model);
  });

  it('gives identical initial weights for the same seed and different ones for another seed', () => {
    const a = buildEmbeddingModel(config({ seed: 11 }));
    const b = buildEmbeddingModel(config({ seed: 11 }));
    const c = buildEmbeddingModel(config({ seed: 12 }));
    const kernels = a.weights.filter((w) => w.originalName.endsWith('/kernel')).length;
    expect(kernels).toBe(8); // 7 convolutions + the embedding dense layer
    a.weights.forEach((w, i) => {
      const wa = w.read().dataSync();
      expect(Array.from(b.weights[i]?.read().dataSync() ?? [])).toEqual(Array.from(wa));
      if (w.originalName.endsWith('/kernel')) {
        const wc = c.weights[i]?.read().dataSync() ?? new Float32Array();
        expect(wc.length).toBe(wa.length);
        expect(Array.from(wc)).not.toEqual(Array.from(wa));
      }
    });
    [a, b, c].forEach(disposeModel);
  });

  it('gives each layer its own seed: two same-shaped kernels in one model differ', () => {
    const model = buildEmbeddingModel(config({ preset: 'standard' }));
    const first = model.getLayer('s1b2_conv_a').getWeights()[0];
    const second = model.getLayer('s1b2_conv_b').getWeights()[0];
    expect(first?.shape).toEqual([3, 3, 64, 64]);
    expect(second?.shape).toEqual([3, 3, 64, 64]);
    expect(Array.from(first?.dataSync() ?? [])).not.toEqual(Array.from(second?.dataSync() ?? []));
    disposeModel(model);
  });

  it('leaks no tensor from a forward pass inside tidy, and disposeModel frees every variable', () => {
    const baseline = tf.memory().numTensors;
    const model = buildEmbeddingModel(config());
    const withModel = tf.memory().numTensors;
    expect(withModel - baseline).toBe(model.weights.length);
    for (const training of [false, true]) {
      tf.tidy(() => {
        const x = randomImages(4, 32, 1, 2);
        model.apply(x, { training });
      });
      expect(tf.memory().numTensors).toBe(withModel);
    }
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('runs forward + backward on cpu with finite, non-zero gradients for every trainable weight', () => {
    for (const batchNorm of [true, false]) {
      const model = buildEmbeddingModel(config({ batchNorm, embeddingDim: 8 }));
      const baseline = tf.memory().numTensors;
      const x = randomImages(4, 32, 1, 4);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      // A mean of squared outputs: under batch norm, a plain mean of outputs has zero gradient for most weights.
      const { value, grads } = tf.variableGrads(
        () => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
        vars,
      );
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(Object.keys(grads).length).toBe(vars.length);
      for (const v of vars) {
        const g = grads[v.name]?.dataSync() ?? new Float32Array();
        expect(g.length).toBe(v.size);
        expect(g.every(Number.isFinite)).toBe(true);
        expect(g.some((a) => a !== 0)).toBe(true);
      }
      tf.dispose([x, value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(baseline);
      disposeModel(model);
    }
  });

  it('records its config in the model metadata', () => {
    const c = config({ embeddingDim: 2, seed: 42 });
    const model = buildEmbeddingModel(c);
    expect(modelConfigOf(model)).toEqual(c);
    disposeModel(model);
  });
});
