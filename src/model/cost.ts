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
 * The pretrained ResNet (resnet34 backbones) follows the same rules, plus
 *   scale (per-channel affine) 2 per element, as batch norm
 *   avg pool p×p    p² per output element (1 per input element, as the global pool)
 *   zero padding    0
 * and its input resize to 150×150 and mean subtraction are not counted (under 0.1 % of the total), so its count does
 * not depend on inputSize. A frozen backbone's FLOPs still count: the forward runs it.
 * A training step costs about 3× the forward FLOPs (forward, input gradient, weight gradient); with a frozen
 * backbone it costs about 1× (no gradient flows into the backbone).
 */
import { assertNever } from '../common/assert';
import { backboneOf, validateModelConfig } from './config';
import type { ModelConfig } from './config';
import { planBackbone } from './plan';
import type { LayerKind, LayerPlan, Shape } from './plan';
import { FACE_RESNET_DESCRIPTOR_DIM, faceResNetOps } from './pretrained/faceResNetSpec';
import type { FaceResNetOp, FaceResNetOpKind } from './pretrained/faceResNetSpec';

export interface LayerSummary {
  name: string;
  /** A plan.ts layer kind, or a FaceResNet operation kind (names prefixed "face_resnet/"). */
  kind: LayerKind | FaceResNetOpKind;
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

/** Params and forward FLOPs of one FaceResNet operation; `trainable` says whether its weights train. */
export function faceResNetOpCost(
  op: FaceResNetOp,
  trainable: boolean,
): { params: number; trainableParams: number; flops: number } {
  const outElems = product(op.outShape);
  const cost = (params: number, flops: number) => ({ params, trainableParams: trainable ? params : 0, flops });
  switch (op.kind) {
    case 'conv': {
      const inChannels = op.inShape[2] ?? 0;
      const filters = op.outShape[2] ?? 0;
      const weights = op.kernel * op.kernel * inChannels * filters;
      return cost(weights + filters, 2 * weights * (outElems / filters));
    }
    case 'scale':
      return cost(2 * (op.outShape[2] ?? 0), 2 * outElems);
    case 'relu':
    case 'add':
      return cost(0, outElems);
    case 'pad':
      return cost(0, 0);
    case 'maxPool':
      return cost(0, (op.pool * op.pool - 1) * outElems);
    case 'avgPool':
      return cost(0, op.pool * op.pool * outElems);
    case 'globalAvgPool':
      return cost(0, product(op.inShape));
    case 'matMul': {
      const weights = product(op.inShape) * product(op.outShape);
      return cost(weights, 2 * weights);
    }
    default:
      return assertNever(op);
  }
}

/** The resnet34 backbones: the FaceResNet operations, then the Dense D head (always trainable). */
function describePretrained(config: ModelConfig): ModelDescription {
  validateModelConfig(config);
  const trainable = backboneOf(config) === 'resnet34FineTuned';
  const layers = faceResNetOps().map((op): LayerSummary => ({
    name: `face_resnet/${op.name}`,
    kind: op.kind,
    outShape: op.outShape,
    ...faceResNetOpCost(op, trainable),
  }));
  const head = describePlan([
    {
      kind: 'dense',
      name: 'embedding',
      inputs: ['face_resnet'],
      inShape: [FACE_RESNET_DESCRIPTOR_DIM],
      outShape: [config.embeddingDim],
      units: config.embeddingDim,
      useBias: true,
      seed: 0,
    },
  ]).layers;
  const all = [...layers, ...head];
  const sum = (key: 'params' | 'trainableParams' | 'flops'): number => all.reduce((acc, l) => acc + l[key], 0);
  return { params: sum('params'), trainableParams: sum('trainableParams'), flopsPerImage: sum('flops'), layers: all };
}

/**
 * Parameter count, forward FLOPs per image and a per-layer summary for `config`. Creates no tensors.
 * For the resnet34 backbones `params` counts the pretrained weights too (as countParams() does); frozen, only the
 * head's 129·D are trainable.
 */
export function describeModel(config: ModelConfig): ModelDescription {
  return backboneOf(config) === 'lunet' ? describePlan(planBackbone(config)) : describePretrained(config);
}
