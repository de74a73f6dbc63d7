/**
 * Builds the embedding network (plan.ts) as a tfjs-layers functional model: input [B, S, S, C] → output [B, D],
 * unnormalised. Use embed() (embed.ts) to run it, which applies the optional L2 normalisation.
 *
 * Ownership: the returned model owns its weight variables; the caller disposes them with disposeModel() on reset.
 */
import * as tf from '@tensorflow/tfjs';
import { assertNever } from '../common/assert';
import type { ModelConfig } from './config';
import { planBackbone } from './plan';
import type { LayerPlan } from './plan';

type SymbolicTensor = tf.SymbolicTensor;

/** Key under which the config is stored in the model's user-defined metadata (and so in saved artifacts). */
export const MODEL_CONFIG_METADATA_KEY = 'tripletLabModelConfig';

/** The new model owns fresh variables (caller disposes via disposeModel). Same config ⇒ same initial weights. */
export function buildEmbeddingModel(config: ModelConfig): tf.LayersModel {
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
  const model = tf.model({ inputs: input, outputs: output, name: `embedding_${config.preset}` });
  model.setUserDefinedMetadata({ [MODEL_CONFIG_METADATA_KEY]: { ...config } });
  return model;
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
      return apply(tf.layers.batchNormalization({ name: layer.name, axis: -1, momentum: 0.9 }), first());
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
