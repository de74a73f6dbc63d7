/**
 * Parameter count and forward FLOPs per image, counted analytically from the plan (no tensors are created), for the
 * UI and for sizing presets.
 *
 * FLOP conventions (per image, forward pass, inference mode):
 *   conv, dense     2 · MACs (one multiply and one add per weight use); bias additions are not counted
 *   batch norm      2 per element (folded into one scale and one shift)
 *   ReLU, add       1 per element
 *   max pool p×p    p² − 1 comparisons per output element
 *   global avg pool 1 per input element (the sums; the C divisions are not counted)
 * A training step costs about 3× the forward FLOPs (forward, input gradient, weight gradient).
 */
import { assertNever } from '../common/assert';
import type { ModelConfig } from './config';
import { planBackbone } from './plan';
import type { LayerKind, LayerPlan, Shape } from './plan';

export interface LayerSummary {
  name: string;
  kind: LayerKind;
  /** Output shape without the batch dimension: [H, W, C] or [units]. */
  outShape: Shape;
  /** All weights, including batch norm's moving mean and variance (matches tfjs countParams()). */
  params: number;
  trainableParams: number;
  flops: number;
}

export interface ModelDescription {
  /** Total weights, as tf.LayersModel.countParams() reports them (trainable + BN moving statistics). */
  params: number;
  trainableParams: number;
  /** Forward FLOPs for one image (see the conventions above). */
  flopsPerImage: number;
  layers: LayerSummary[];
}

const product = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** Params, trainable params and forward FLOPs of one planned layer. */
export function layerCost(layer: LayerPlan): { params: number; trainableParams: number; flops: number } {
  const outElems = product(layer.outShape);
  switch (layer.kind) {
    case 'input':
      return { params: 0, trainableParams: 0, flops: 0 };
    case 'conv': {
      const inChannels = layer.inShape[2] ?? 0;
      const weights = layer.kernel * layer.kernel * inChannels * layer.filters;
      const params = weights + (layer.useBias ? layer.filters : 0);
      const positions = outElems / layer.filters;
      return { params, trainableParams: params, flops: 2 * weights * positions };
    }
    case 'batchNorm': {
      const channels = layer.outShape[layer.outShape.length - 1] ?? 0;
      // gamma and beta train; the moving mean and variance are non-trainable weights.
      return { params: 4 * channels, trainableParams: 2 * channels, flops: 2 * outElems };
    }
    case 'relu':
    case 'add':
      return { params: 0, trainableParams: 0, flops: outElems };
    case 'maxPool':
      return { params: 0, trainableParams: 0, flops: (layer.pool * layer.pool - 1) * outElems };
    case 'globalAvgPool':
      return { params: 0, trainableParams: 0, flops: product(layer.inShape) };
    case 'dense': {
      const weights = product(layer.inShape) * layer.units;
      const params = weights + (layer.useBias ? layer.units : 0);
      return { params, trainableParams: params, flops: 2 * weights };
    }
    default:
      return assertNever(layer);
  }
}

/** Sums the per-layer costs of a plan. */
export function describePlan(plan: readonly LayerPlan[]): ModelDescription {
  const layers = plan.map((layer): LayerSummary => ({
    name: layer.name,
    kind: layer.kind,
    outShape: layer.outShape,
    ...layerCost(layer),
  }));
  const sum = (key: 'params' | 'trainableParams' | 'flops'): number => layers.reduce((acc, l) => acc + l[key], 0);
  return { params: sum('params'), trainableParams: sum('trainableParams'), flopsPerImage: sum('flops'), layers };
}

/** Parameter count, forward FLOPs per image and a per-layer summary for `config`. Creates no tensors. */
export function describeModel(config: ModelConfig): ModelDescription {
  return describePlan(planBackbone(config));
}
