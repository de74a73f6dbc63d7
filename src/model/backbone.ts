/**
 * Builds the embedding network as a tfjs-layers functional model: input [B, S, S, C] → output [B, D], unnormalised.
 * Use embed() (embed.ts) to run it, which applies the optional L2 normalisation. The `lunet` backbone is plan.ts; the
 * `resnet34` ones are the pretrained FaceResNet layer (pretrained/faceResNet.ts) followed by a linear Dense D head.
 *
 * Ownership: the returned model owns its weight variables; the caller disposes them with disposeModel() on reset.
 */
import * as tf from '@tensorflow/tfjs';
import { assertNever } from '../common/assert';
import { createRng } from '../common/rng';
import { backboneOf, validateModelConfig } from './config';
import type { ModelConfig } from './config';
import { planBackbone } from './plan';
import type { LayerPlan } from './plan';
import { FaceResNet } from './pretrained/faceResNet';
import { TrainingBatchNorm } from './trainingBatchNormLayer';

type SymbolicTensor = tf.SymbolicTensor;

/** Key under which the config is stored in the model's user-defined metadata (and so in saved artifacts). */
export const MODEL_CONFIG_METADATA_KEY = 'tripletLabModelConfig';

/** Layer names of the pretrained backbones (weights are saved under them, e.g. "face_resnet/fc"). */
export const FACE_RESNET_LAYER_NAME = 'face_resnet';
export const EMBEDDING_HEAD_LAYER_NAME = 'embedding';

/**
 * The new model owns fresh variables (caller disposes via disposeModel). Same config ⇒ same initial weights.
 * @param pretrained the face-api face-recognition weights (loadFaceApiWeights('face_recognition_model', …)),
 *   required by the resnet34 backbones and ignored by lunet; not disposed, and the model keeps no reference to the
 *   map, so the caller may dispose it once this returns
 */
export function buildEmbeddingModel(config: ModelConfig, pretrained?: tf.NamedTensorMap): tf.LayersModel {
  const backbone = backboneOf(config);
  const model = backbone === 'lunet' ? buildLuNet(config) : buildPretrained(config, backbone, pretrained);
  model.setUserDefinedMetadata({ [MODEL_CONFIG_METADATA_KEY]: { ...config } });
  return model;
}

/**
 * input → FaceResNet (frozen or not) → Dense D, linear, glorot-uniform kernel seeded from config.seed, zero bias.
 * Frozen: model.trainableWeights are exactly [embedding/kernel, embedding/bias].
 */
function buildPretrained(
  config: ModelConfig,
  backbone: 'resnet34Frozen' | 'resnet34FineTuned',
  pretrained: tf.NamedTensorMap | undefined,
): tf.LayersModel {
  validateModelConfig(config);
  if (pretrained === undefined) {
    throw new Error(
      `The ${backbone} backbone needs the pretrained face-recognition weights: ` +
        `pass loadFaceApiWeights('face_recognition_model', …) to buildEmbeddingModel.`,
    );
  }
  const input = tf.input({ shape: [config.inputSize, config.inputSize, config.channels], name: 'input' });
  const resnet = new FaceResNet({
    name: FACE_RESNET_LAYER_NAME,
    weightMap: pretrained,
    trainable: backbone === 'resnet34FineTuned',
  });
  const features = resnet.apply(input) as tf.SymbolicTensor;
  const head = tf.layers.dense({
    name: EMBEDDING_HEAD_LAYER_NAME,
    units: config.embeddingDim,
    useBias: true,
    // Seeded like plan.ts seeds its layers: the same config gives the same head.
    kernelInitializer: tf.initializers.glorotUniform({ seed: createRng(config.seed).int(2 ** 31) }),
    biasInitializer: 'zeros',
  });
  const output = head.apply(features) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: `embedding_${backbone}` });
}

/**
 * The pretrained face-recognition network alone, frozen: [B,S,S,C] → its 128-d descriptors. Seed 000 starts subspace
 * clustering from such pretrained identity representations. The caller owns the model (disposeModel).
 */
export function buildDescriptorModel(inputSize: number, channels: 1 | 3, pretrained: tf.NamedTensorMap): tf.LayersModel {
  const input = tf.input({ shape: [inputSize, inputSize, channels], name: 'input' });
  const resnet = new FaceResNet({ name: FACE_RESNET_LAYER_NAME, weightMap: pretrained, trainable: false });
  return tf.model({ inputs: input, outputs: resnet.apply(input) as tf.SymbolicTensor, name: 'face_descriptor' });
}

function buildLuNet(config: ModelConfig): tf.LayersModel {
  const plan = planBackbone(config);
  const nodes = new Map<string, SymbolicTensor>();
  const get = (name: string): SymbolicTensor => {
    const node = nodes.get(name);
    if (node === undefined) throw new Error(`backbone: layer ${name} used before it was built`);
    return node;
  };
  let input: SymbolicTensor | undefined;
  let output: SymbolicTensor | undefined;
  for (const layer of plan) {
    const node = buildLayer(layer, get);
    if (layer.kind === 'input') input = node;
    nodes.set(layer.name, node);
    output = node;
  }
  if (input === undefined || output === undefined) throw new Error('backbone: empty plan');
  return tf.model({ inputs: input, outputs: output, name: `embedding_${config.preset}` });
}

/** The config a model was built with (also survives save/load), or undefined for a foreign model. */
export function modelConfigOf(model: tf.LayersModel): ModelConfig | undefined {
  const meta = model.getUserDefinedMetadata() as Record<string, unknown> | undefined;
  const config = meta?.[MODEL_CONFIG_METADATA_KEY];
  return config === undefined ? undefined : (config as ModelConfig);
}

/** Frees the model's weight variables. The model must not be used afterwards. */
export function disposeModel(model: tf.LayersModel): void {
  model.dispose();
}

function buildLayer(layer: LayerPlan, get: (name: string) => SymbolicTensor): SymbolicTensor {
  const first = (): SymbolicTensor => get(layer.inputs[0] ?? '');
  const apply = (l: tf.layers.Layer, x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor =>
    l.apply(x) as SymbolicTensor;
  switch (layer.kind) {
    case 'input':
      return tf.input({ shape: [...layer.outShape], name: layer.name });
    case 'conv':
      return apply(
        tf.layers.conv2d({
          name: layer.name,
          filters: layer.filters,
          kernelSize: layer.kernel,
          strides: layer.stride,
          padding: 'same',
          useBias: layer.useBias,
          // He initialisation suits the ReLUs that follow; the per-layer seed makes it reproducible.
          kernelInitializer: tf.initializers.heNormal({ seed: layer.seed }),
          biasInitializer: 'zeros',
        }),
        first(),
      );
    case 'batchNorm':
      // Momentum 0.9 (tfjs defaults to 0.99): lab runs are a few hundred steps, so the moving statistics used at
      // evaluation must catch up with the weights quickly.
      return apply(new TrainingBatchNorm({ name: layer.name, axis: -1, momentum: 0.9 }), first());
    case 'relu':
      return apply(tf.layers.reLU({ name: layer.name }), first());
    case 'maxPool':
      return apply(
        tf.layers.maxPooling2d({ name: layer.name, poolSize: layer.pool, strides: layer.pool, padding: 'same' }),
        first(),
      );
    case 'add':
      return apply(
        tf.layers.add({ name: layer.name }),
        layer.inputs.map((name) => get(name)),
      );
    case 'globalAvgPool':
      return apply(tf.layers.globalAveragePooling2d({ name: layer.name }), first());
    case 'dense':
      return apply(
        tf.layers.dense({
          name: layer.name,
          units: layer.units,
          useBias: layer.useBias,
          kernelInitializer: tf.initializers.glorotUniform({ seed: layer.seed }),
          biasInitializer: 'zeros',
        }),
        first(),
      );
    default:
      return assertNever(layer);
  }
}
