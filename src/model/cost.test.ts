import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEmbeddingModel, disposeModel } from './backbone';
import { DEFAULT_MODEL_CONFIG, validateModelConfig } from './config';
import type { ModelConfig } from './config';
import { describeModel } from './cost';

const tiny = (overrides: Partial<ModelConfig> = {}): ModelConfig => ({
  ...DEFAULT_MODEL_CONFIG,
  preset: 'tiny',
  inputSize: 32,
  channels: 1,
  embeddingDim: 64,
  ...overrides,
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('describeModel: parameters', () => {
  it('matches a hand count for the tiny preset at 32×32×1 with batch norm', () => {
    // conv k×k×Cin×Cout (no bias under BN); BN 4·C weights (gamma, beta, moving mean, moving variance), 2·C trainable.
    const stem = 3 * 3 * 1 * 8 + 4 * 8;
    const stage1 = 3 * 3 * 8 * 16 + 4 * 16 + 3 * 3 * 16 * 16 + 4 * 16 + 1 * 1 * 8 * 16 + 4 * 16;
    const stage2 = 3 * 3 * 16 * 32 + 4 * 32 + 3 * 3 * 32 * 32 + 4 * 32 + 1 * 1 * 16 * 32 + 4 * 32;
    const head = 32 * 64 + 64;
    const d = describeModel(tiny({ batchNorm: true }));
    expect(d.params).toBe(stem + stage1 + stage2 + head);
    expect(d.params).toBe(20712);
    const movingStats = 2 * (8 + 16 + 16 + 16 + 32 + 32 + 32);
    expect(d.trainableParams).toBe(20712 - movingStats);
  });

  it('matches a hand count for the tiny preset at 32×32×1 without batch norm (convolutions carry biases)', () => {
    const convs = [
      [3, 1, 8],
      [3, 8, 16],
      [3, 16, 16],
      [1, 8, 16],
      [3, 16, 32],
      [3, 32, 32],
      [1, 16, 32],
    ] as const;
    const convParams = convs.reduce((acc, [k, cin, cout]) => acc + k * k * cin * cout + cout, 0);
    const d = describeModel(tiny({ batchNorm: false }));
    expect(d.params).toBe(convParams + 32 * 64 + 64);
    expect(d.params).toBe(20256);
    expect(d.trainableParams).toBe(d.params);
  });

  it('equals model.countParams() and each layer’s countParams() for several configs', () => {
    const configs: ModelConfig[] = [
      tiny({ batchNorm: true }),
      tiny({ batchNorm: false, inputSize: 64, embeddingDim: 2 }),
      tiny({ inputSize: 160, channels: 3 }),
      { ...tiny(), preset: 'standard', inputSize: 33, channels: 3, embeddingDim: 128 },
      { ...tiny(), preset: 'standard', inputSize: 112, batchNorm: false },
    ];
    for (const config of configs) {
      const d = describeModel(config);
      const model = buildEmbeddingModel(config);
      try {
        expect(d.params).toBe(model.countParams());
        const trainable = model.trainableWeights.reduce((acc, w) => acc + w.read().size, 0);
        expect(d.trainableParams).toBe(trainable);
        // Same layers (tfjs may order parallel branches differently).
        expect(d.layers.map((l) => l.name).sort()).toEqual(model.layers.map((l) => l.name).sort());
        for (const layer of d.layers) expect(layer.params).toBe(model.getLayer(layer.name).countParams());
      } finally {
        disposeModel(model);
      }
    }
  });
});

describe('describeModel: FLOPs', () => {
  it('matches a hand count for tiny 32×32×1, no BN, D = 2', () => {
    // Shapes: stem 16×16×8 → stage 1 8×8×16 → stage 2 4×4×32 → GAP 32 → dense 2.
    const stem = 2 * (16 * 16 * 8) * (3 * 3 * 1) + 16 * 16 * 8; // conv + ReLU
    const stage1 =
      2 * (8 * 8 * 16) * (3 * 3 * 8) + // conv_a
      8 * 8 * 16 + // relu_a
      2 * (8 * 8 * 16) * (3 * 3 * 16) + // conv_b
      2 * (8 * 8 * 16) * 8 + // 1×1 projection
      8 * 8 * 16 + // add
      8 * 8 * 16; // relu
    const stage2 =
      2 * (4 * 4 * 32) * (3 * 3 * 16) +
      4 * 4 * 32 +
      2 * (4 * 4 * 32) * (3 * 3 * 32) +
      2 * (4 * 4 * 32) * 16 +
      4 * 4 * 32 +
      4 * 4 * 32;
    const head = 4 * 4 * 32 + 2 * 32 * 2; // GAP sums + dense
    const d = describeModel(tiny({ batchNorm: false, embeddingDim: 2 }));
    expect(d.flopsPerImage).toBe(stem + stage1 + stage2 + head);
    expect(d.flopsPerImage).toBe(961_664);
  });

  it('adds 2 FLOPs per element per batch norm and 3 per output of the early 2×2 max pool', () => {
    const withBn = describeModel(tiny({ batchNorm: true, embeddingDim: 2 }));
    const without = describeModel(tiny({ batchNorm: false, embeddingDim: 2 }));
    const bnElements = 16 * 16 * 8 + 3 * (8 * 8 * 16) + 3 * (4 * 4 * 32);
    expect(withBn.flopsPerImage - without.flopsPerImage).toBe(2 * bnElements);

    const pooled = describeModel(tiny({ batchNorm: false, inputSize: 96 }));
    const pool = pooled.layers.find((l) => l.kind === 'maxPool');
    expect(pool?.outShape).toEqual([24, 24, 8]); // 96 → stem /2 → 48 → pool → 24
    expect(pool?.flops).toBe(3 * 24 * 24 * 8);
    expect(describeModel(tiny({ inputSize: 95 })).layers.some((l) => l.kind === 'maxPool')).toBe(false);
  });

  it('counts conv and dense FLOPs from the shapes tfjs actually builds', () => {
    for (const config of [
      tiny({ inputSize: 45, channels: 3 }),
      { ...tiny(), preset: 'standard' as const, inputSize: 99 },
    ]) {
      const model = buildEmbeddingModel(config);
      try {
        // Oracle: 2 · (output positions) · (kernel volume) from each real layer's kernel and output shape.
        let oracle = 0;
        for (const layer of model.layers) {
          const kind = layer.getClassName();
          if (kind !== 'Conv2D' && kind !== 'Dense') continue;
          const kernel = layer.getWeights()[0];
          if (kernel === undefined) throw new Error(`${layer.name} has no kernel`);
          const out = layer.outputShape as number[];
          const positions = out.slice(1, -1).reduce((a, b) => a * b, 1);
          oracle += 2 * positions * kernel.size;
        }
        const d = describeModel(config);
        const planned = d.layers
          .filter((l) => l.kind === 'conv' || l.kind === 'dense')
          .reduce((acc, l) => acc + l.flops, 0);
        expect(planned).toBe(oracle);
        for (const l of d.layers) expect([null, ...l.outShape]).toEqual(model.getLayer(l.name).outputShape);
      } finally {
        disposeModel(model);
      }
    }
  });

  it('keeps the tiny preset small: under 2 M MACs per 64×64×1 image', () => {
    expect(describeModel(tiny({ inputSize: 64 })).flopsPerImage / 2).toBeLessThan(2e6);
  });
});

describe('validateModelConfig', () => {
  it('rejects sizes, channels and dims outside the supported range', () => {
    expect(() => validateModelConfig(tiny({ inputSize: 31 }))).toThrow(/inputSize/);
    expect(() => validateModelConfig(tiny({ inputSize: 161 }))).toThrow(/inputSize/);
    expect(() => validateModelConfig(tiny({ channels: 2 as 1 }))).toThrow(/channels/);
    expect(() => validateModelConfig(tiny({ embeddingDim: 0 }))).toThrow(/embeddingDim/);
    expect(() => validateModelConfig(tiny({ embeddingDim: 2 }))).not.toThrow();
  });
});
