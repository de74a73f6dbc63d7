import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEmbeddingModel, disposeModel } from './backbone';
import { BACKBONES, DEFAULT_MODEL_CONFIG, validateModelConfig } from './config';
import type { ModelConfig } from './config';
import { describeModel } from './cost';
import { FACE_API_MODEL_DIR } from './pretrained/testing/nodeAssetReader';

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

describe('describeModel: the pretrained ResNet backbones', () => {
  const resnet = (backbone: 'resnet34Frozen' | 'resnet34FineTuned', overrides: Partial<ModelConfig> = {}) =>
    tiny({ backbone, embeddingDim: 32, ...overrides });
  // The package's weights manifest: the independent source of the parameter shapes.
  const manifest = (
    JSON.parse(readFileSync(join(FACE_API_MODEL_DIR, 'face_recognition_model-weights_manifest.json'), 'utf8')) as {
      weights: { name: string; shape: number[] }[];
    }[]
  ).flatMap((group) => group.weights);
  const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
  const backboneParams = manifest.reduce((n, w) => n + size(w.shape), 0);

  it('counts the manifest’s weights plus the head; frozen, only the head trains', () => {
    expect(backboneParams).toBe(5_614_592);
    const head = 128 * 32 + 32;
    const frozen = describeModel(resnet('resnet34Frozen'));
    expect(frozen.params).toBe(backboneParams + head);
    expect(frozen.trainableParams).toBe(head);
    const tuned = describeModel(resnet('resnet34FineTuned'));
    expect(tuned.params).toBe(backboneParams + head);
    expect(tuned.trainableParams).toBe(backboneParams + head);
  });

  it('matches a hand count of the FLOPs from the manifest shapes and the conv output sizes, at any input size', () => {
    // Output side of each conv, by weight prefix (150 → 72 → pool 35 → 17 → 8 → 3 → 1; see faceResNetSpec.ts).
    const convOut = (name: string): number => {
      if (name.startsWith('conv32_down/')) return 72;
      if (name.startsWith('conv32_')) return 35;
      if (name.startsWith('conv64_')) return 17;
      if (name.startsWith('conv128_')) return 8;
      if (name.startsWith('conv256_down_out/')) return 1;
      if (name.startsWith('conv256_down/')) return 3;
      return 4; // conv256_1, conv256_2 run on the padded 4×4 map
    };
    let flops = 0;
    for (const w of manifest.filter((entry) => entry.name.endsWith('/conv/filters'))) {
      const prefix = w.name.slice(0, -'conv/filters'.length);
      const out = convOut(prefix);
      const channels = w.shape[3] ?? NaN;
      flops += 2 * size(w.shape) * out * out; // conv: 2 · MACs
      flops += 2 * out * out * channels; // scale
      if (prefix === 'conv32_down/' || prefix.endsWith('/conv1/')) flops += out * out * channels; // ReLU
    }
    // Each residual block: add + ReLU on its output map (side, channels); a down block also average-pools.
    const blocks: [number, number, number][] = [
      [35, 32, 3],
      [17, 64, 4],
      [8, 128, 3],
      [4, 256, 3],
      [2, 256, 1],
    ];
    for (const [side, channels, count] of blocks) flops += count * 2 * side * side * channels;
    flops += 4 * (17 * 17 * 32 + 8 * 8 * 64 + 4 * 4 * 128 + 2 * 2 * 256); // 2×2 average pools
    flops += 8 * 35 * 35 * 32; // 3×3 max pool
    flops += 2 * 2 * 256; // global mean
    flops += 2 * 256 * 128 + 2 * 128 * 32; // fc and the head
    expect(describeModel(resnet('resnet34Frozen')).flopsPerImage).toBe(flops);
    expect(describeModel(resnet('resnet34FineTuned', { inputSize: 160, channels: 3 })).flopsPerImage).toBe(flops);
    expect(flops).toBe(544_187_936); // ≈ 272 M multiply-adds per image (convolutions: 270.7 M)
  });
});

describe('validateModelConfig', () => {
  it('rejects an unknown backbone and accepts a config without one', () => {
    expect(() => validateModelConfig(tiny({ backbone: 'vgg' as 'lunet' }))).toThrow(/backbone/);
    expect(() => validateModelConfig(tiny())).not.toThrow();
    expect(BACKBONES.map((b) => b.id)).toEqual(['lunet', 'resnet34Frozen', 'resnet34FineTuned']);
  });

  it('rejects sizes, channels and dims outside the supported range', () => {
    expect(() => validateModelConfig(tiny({ inputSize: 31 }))).toThrow(/inputSize/);
    expect(() => validateModelConfig(tiny({ inputSize: 161 }))).toThrow(/inputSize/);
    expect(() => validateModelConfig(tiny({ channels: 2 as 1 }))).toThrow(/channels/);
    expect(() => validateModelConfig(tiny({ embeddingDim: 0 }))).toThrow(/embeddingDim/);
    expect(() => validateModelConfig(tiny({ embeddingDim: 2 }))).not.toThrow();
  });
});
