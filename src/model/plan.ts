/**
 * The embedding network as data: an ordered list of layers with their shapes and initialiser seeds. The builder
 * (backbone.ts) turns it into a tfjs-layers graph and the cost model (cost.ts) counts it, so both see one topology.
 *
 * The architecture plays the role of LuNet in Hermans, Beyer & Leibe, "In Defense of the Triplet Loss for Person
 * Re-Identification" (arXiv:1703.07737): a small residual network trained from scratch. Here it is
 *   stem: conv 3×3 (stride 1 or 2) → [BN] → ReLU → [max pool 2×2 when inputSize ≥ EARLY_POOL_MIN_INPUT]
 *   stages: basic residual blocks (He et al. 2016): conv 3×3/s → [BN] → ReLU → conv 3×3 → [BN], plus a 1×1/s
 *           projection shortcut [BN] where the shape changes; add → ReLU
 *   head: global average pooling → dense D (linear; L2 normalisation is applied outside, see embed.ts).
 * All convolutions use 'same' padding, so a stride-2 layer maps H to ceil(H / 2).
 */
import { createRng } from '../common/rng';
import { PRESETS, EARLY_POOL_MIN_INPUT, validateModelConfig } from './config';
import type { ModelConfig } from './config';

/** [H, W, C] for feature maps, [units] after pooling. Batch dimension excluded. */
export type Shape = readonly number[];

interface PlanBase {
  /** The tfjs layer name (unique within a model; weights are saved under it). */
  name: string;
  /** Names of the layers feeding this one (empty for the input). */
  inputs: readonly string[];
  inShape: Shape;
  outShape: Shape;
}

export type LayerPlan =
  | (PlanBase & { kind: 'input' })
  | (PlanBase & { kind: 'conv'; kernel: number; stride: 1 | 2; filters: number; useBias: boolean; seed: number })
  | (PlanBase & { kind: 'batchNorm' })
  | (PlanBase & { kind: 'relu' })
  | (PlanBase & { kind: 'maxPool'; pool: 2 })
  | (PlanBase & { kind: 'add' })
  | (PlanBase & { kind: 'globalAvgPool' })
  | (PlanBase & { kind: 'dense'; units: number; useBias: boolean; seed: number });

export type LayerKind = LayerPlan['kind'];

/** Largest seed handed to a tfjs initialiser; seeds are drawn uniformly in [0, SEED_RANGE). */
const SEED_RANGE = 2 ** 31;

const down = (size: number, stride: number): number => Math.ceil(size / stride);

/** The layer list for `config`, input first and the embedding last. Throws on an invalid config. */
export function planBackbone(config: ModelConfig): LayerPlan[] {
  validateModelConfig(config);
  const spec = PRESETS[config.preset];
  const rng = createRng(config.seed);
  const nextSeed = (): number => rng.int(SEED_RANGE);
  const layers: LayerPlan[] = [];
  const shapes = new Map<string, Shape>();

  const push = (layer: LayerPlan): string => {
    layers.push(layer);
    shapes.set(layer.name, layer.outShape);
    return layer.name;
  };
  const shapeOf = (name: string): Shape => {
    const shape = shapes.get(name);
    if (shape === undefined) throw new Error(`plan: unknown layer ${name}`);
    return shape;
  };
  const hw = (shape: Shape): [number, number] => [shape[0] ?? 0, shape[1] ?? 0];

  const conv = (name: string, input: string, kernel: number, stride: 1 | 2, filters: number): string => {
    const inShape = shapeOf(input);
    const [h, w] = hw(inShape);
    const outShape = [down(h, stride), down(w, stride), filters];
    // A bias before batch norm is cancelled by its mean subtraction, so convolutions carry one only without BN.
    const useBias = !config.batchNorm;
    return push({
      kind: 'conv',
      name,
      inputs: [input],
      inShape,
      outShape,
      kernel,
      stride,
      filters,
      useBias,
      seed: nextSeed(),
    });
  };
  const pointwise = (kind: 'batchNorm' | 'relu', name: string, input: string): string => {
    const shape = shapeOf(input);
    return push({ kind, name, inputs: [input], inShape: shape, outShape: shape });
  };
  const maybeBatchNorm = (name: string, input: string): string =>
    config.batchNorm ? pointwise('batchNorm', name, input) : input;

  const inputShape = [config.inputSize, config.inputSize, config.channels];
  let x = push({ kind: 'input', name: 'input', inputs: [], inShape: inputShape, outShape: inputShape });

  x = conv('stem_conv', x, 3, spec.stemStride, spec.stemFilters);
  x = maybeBatchNorm('stem_bn', x);
  x = pointwise('relu', 'stem_relu', x);
  if (config.inputSize >= EARLY_POOL_MIN_INPUT) {
    const inShape = shapeOf(x);
    const [h, w] = hw(inShape);
    const outShape = [down(h, 2), down(w, 2), inShape[2] ?? 0];
    x = push({ kind: 'maxPool', name: 'stem_pool', inputs: [x], inShape, outShape, pool: 2 });
  }

  spec.stages.forEach((stage, s) => {
    for (let b = 0; b < stage.blocks; b++) {
      const p = `s${s + 1}b${b + 1}`;
      const stride = b === 0 ? stage.stride : 1;
      const blockIn = x;
      let y = conv(`${p}_conv_a`, blockIn, 3, stride, stage.filters);
      y = maybeBatchNorm(`${p}_bn_a`, y);
      y = pointwise('relu', `${p}_relu_a`, y);
      y = conv(`${p}_conv_b`, y, 3, 1, stage.filters);
      y = maybeBatchNorm(`${p}_bn_b`, y);
      let shortcut = blockIn;
      if (stride !== 1 || shapeOf(blockIn)[2] !== stage.filters) {
        shortcut = conv(`${p}_proj`, blockIn, 1, stride, stage.filters);
        shortcut = maybeBatchNorm(`${p}_proj_bn`, shortcut);
      }
      const shape = shapeOf(y);
      const sum = push({ kind: 'add', name: `${p}_add`, inputs: [y, shortcut], inShape: shape, outShape: shape });
      x = pointwise('relu', `${p}_relu`, sum);
    }
  });

  const feature = shapeOf(x);
  const width = feature[2] ?? 0;
  x = push({ kind: 'globalAvgPool', name: 'gap', inputs: [x], inShape: feature, outShape: [width] });
  push({
    kind: 'dense',
    name: 'embedding',
    inputs: [x],
    inShape: [width],
    outShape: [config.embeddingDim],
    units: config.embeddingDim,
    useBias: true,
    seed: nextSeed(),
  });
  return layers;
}
