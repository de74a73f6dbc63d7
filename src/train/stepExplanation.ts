/**
 * What an explained step adds to its report (the lesson's "Explain this step"): per trained variable its norm, its
 * gradient's and its update's, and the same batch measured in inference mode (batch-norm running statistics, no
 * dropout) before and after the update, so a class sees what one step did to the triplets it trained on. Packed
 * after the step's statistics and read in the step's one asynchronous read.
 */
import { STEP_STATS_LENGTH, unpackStepStats, type StepStats } from '../metric/statsLayout';

export interface VariableUpdate {
  /** The tfjs variable name, e.g. "conv2d_1/kernel". */
  name: string;
  size: number;
  /** ‖w‖ before the update. */
  weightNorm: number;
  /** ‖∂L/∂w‖ of this step's loss (before weight decay). */
  gradNorm: number;
  /** ‖w_after − w_before‖: what the optimizer did with it (learning rate, moments, weight decay). */
  updateNorm: number;
}

export interface StepExplanation {
  variables: VariableUpdate[];
  /** The batch's loss statistics in inference mode with the weights before the update. */
  before: StepStats;
  /** The same, after the update. */
  after: StepStats;
}

/** Floats an explanation of `variables` trained variables occupies in the packed read. */
export function explanationLength(variables: number): number {
  return 3 * variables + 2 * STEP_STATS_LENGTH;
}

/** Decodes the packed floats: [weight norms, gradient norms, update norms] per variable, then before and after. */
export function unpackExplanation(packed: Float32Array, variables: { name: string; size: number }[]): StepExplanation {
  const V = variables.length;
  if (packed.length !== explanationLength(V)) throw new Error(`unpackExplanation: expected ${explanationLength(V)} floats, got ${packed.length}`);
  const at = 3 * V;
  return {
    variables: variables.map(({ name, size }, i) => ({
      name,
      size,
      weightNorm: packed[i] as number,
      gradNorm: packed[V + i] as number,
      updateNorm: packed[2 * V + i] as number,
    })),
    before: unpackStepStats(packed.slice(at, at + STEP_STATS_LENGTH)),
    after: unpackStepStats(packed.slice(at + STEP_STATS_LENGTH)),
  };
}

/** Root of the sum of squares: the norm of several variables taken together. */
export function combinedNorm(norms: number[]): number {
  return Math.sqrt(norms.reduce((s, n) => s + n * n, 0));
}

export interface LayerUpdate {
  /** The layer: a variable name without its last part ("conv2d_1/kernel" → "conv2d_1"). */
  layer: string;
  size: number;
  weightNorm: number;
  gradNorm: number;
  updateNorm: number;
}

/** The variables' norms combined per layer, in the network's order (kernel and bias of a layer together). */
export function layerUpdates(variables: VariableUpdate[]): LayerUpdate[] {
  const layers = new Map<string, VariableUpdate[]>();
  for (const v of variables) {
    const cut = v.name.lastIndexOf('/');
    const layer = cut > 0 ? v.name.slice(0, cut) : v.name;
    layers.set(layer, [...(layers.get(layer) ?? []), v]);
  }
  return [...layers].map(([layer, vs]) => ({
    layer,
    size: vs.reduce((s, v) => s + v.size, 0),
    weightNorm: combinedNorm(vs.map((v) => v.weightNorm)),
    gradNorm: combinedNorm(vs.map((v) => v.gradNorm)),
    updateNorm: combinedNorm(vs.map((v) => v.updateNorm)),
  }));
}
