/**
 * The run's optimizers. A fine-tuned pretrained backbone gets an optimizer of its own at FINE_TUNE_LR_SCALE of the
 * learning rate (discriminative learning rates): measured here, Adam at 1e-3 on every weight of the face ResNet
 * collapses its embeddings to a point in one step (pairwise distances 3e-1 → 4e-5), and 1e-4 within five; at 1e-5
 * the pretrained features survive while the head still learns at the full rate.
 */
import * as tf from '@tensorflow/tfjs';
import type { SavedTensor } from './checkpointStore';
import { FusedAdamOptimizer } from './fusedAdam';
import { FINE_TUNE_LR_SCALE } from './learningRate';
import type { TrainerSettings } from './settings';

/** Saved slot names of the backbone's optimizer carry this prefix (its 'iter' would clash with the head's). */
const BACKBONE_PREFIX = 'backbone:';

/** Adam with an explicit epsilon: webgl's default (1e-4) differs from the others' (1e-7). */
export function createOptimizer(settings: TrainerSettings, scale = 1): tf.Optimizer {
  const lr = settings.learningRate * scale;
  switch (settings.optimizer) {
    case 'adam':
      return new FusedAdamOptimizer(lr, 0.9, 0.999, 1e-7);
    case 'sgdMomentum':
      return tf.train.momentum(lr, 0.9);
  }
}

async function save(optimizer: tf.Optimizer, prefix: string): Promise<SavedTensor[]> {
  const out: SavedTensor[] = [];
  for (const { name, tensor } of await optimizer.getWeights()) {
    out.push({ name: prefix + name, shape: [...tensor.shape], values: Float32Array.from(await tensor.data()) });
    // Adam and momentum hand out their live variables, except the iteration count, a fresh scalar.
    if (name === 'iter') tensor.dispose();
  }
  return out;
}

async function restore(optimizer: tf.Optimizer, saved: SavedTensor[], prefix: string): Promise<void> {
  const named = saved.map((t) => {
    const name = t.name.slice(prefix.length);
    return { name, tensor: tf.tensor(t.values, t.shape, name === 'iter' ? 'int32' : 'float32') };
  });
  try {
    if (named.length > 0) await optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((n) => n.tensor));
  }
}

function setRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** g + λ·w for every gradient (new tensors, owned by the caller's tidy). */
function withWeightDecay(grads: tf.NamedTensorMap, lambda: number): tf.NamedTensorMap {
  const variables = tf.engine().registeredVariables;
  const out: tf.NamedTensorMap = {};
  for (const [name, grad] of Object.entries(grads)) {
    const w = variables[name];
    out[name] = w ? tf.add(grad, tf.mul(w, lambda)) : grad;
  }
  return out;
}

export class Optimizers {
  private main: tf.Optimizer;
  private backbone: tf.Optimizer | null;

  /** @param backboneVariables names of the variables that learn at FINE_TUNE_LR_SCALE (null: none do) */
  constructor(
    private settings: TrainerSettings,
    private readonly backboneVariables: ReadonlySet<string> | null,
  ) {
    this.main = createOptimizer(settings);
    this.backbone = backboneVariables ? createOptimizer(settings, FINE_TUNE_LR_SCALE) : null;
  }

  /**
   * Sets the rate of the next updates (a schedule's value at this step); the fine-tuned backbone keeps its fraction.
   * tfjs's Adam reads its `learningRate` field at each update; momentum caches it as a tensor, renewed by its setter.
   */
  setLearningRate(lr: number): void {
    setRate(this.main, lr);
    if (this.backbone) setRate(this.backbone, lr * FINE_TUNE_LR_SCALE);
  }

  /**
   * One update from gradients keyed by variable name (tf.variableGrads); the caller disposes the gradients.
   * Weight decay λ adds λ·w to each gradient first, as PyTorch's optimizers do with `weight_decay`.
   */
  apply(grads: tf.NamedTensorMap, weightDecay = 0): void {
    if (weightDecay > 0) grads = withWeightDecay(grads, weightDecay);
    if (!this.backbone || !this.backboneVariables) {
      this.main.applyGradients(grads);
      return;
    }
    const main: tf.NamedTensorMap = {};
    const backbone: tf.NamedTensorMap = {};
    for (const [name, grad] of Object.entries(grads)) (this.backboneVariables.has(name) ? backbone : main)[name] = grad;
    this.main.applyGradients(main);
    this.backbone.applyGradients(backbone);
  }

  /** Fresh optimizer state, e.g. with new settings, or after a NaN (the moments may hold it). */
  reset(settings: TrainerSettings = this.settings): void {
    this.dispose();
    this.settings = settings;
    this.main = createOptimizer(settings);
    this.backbone = this.backboneVariables ? createOptimizer(settings, FINE_TUNE_LR_SCALE) : null;
  }

  /** The optimizers' state for a checkpoint (async reads only). */
  async save(): Promise<SavedTensor[]> {
    return [...(await save(this.main, '')), ...(this.backbone ? await save(this.backbone, BACKBONE_PREFIX) : [])];
  }

  async restore(saved: SavedTensor[]): Promise<void> {
    const isBackbone = (t: SavedTensor) => t.name.startsWith(BACKBONE_PREFIX);
    await restore(
      this.main,
      saved.filter((t) => !isBackbone(t)),
      '',
    );
    if (this.backbone) await restore(this.backbone, saved.filter(isBackbone), BACKBONE_PREFIX);
  }

  dispose(): void {
    disposeOptimizer(this.main);
    if (this.backbone) disposeOptimizer(this.backbone);
  }
}

/** tfjs's MomentumOptimizer.dispose() leaves its SGD base's learning-rate scalar (`c`), one tensor per optimizer. */
function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (rate && !rate.isDisposed) rate.dispose();
}
