/**
 * What one training step tells the page. It crosses the worker boundary every step, so its arrays are typed arrays
 * with buffers of their own, handed over in postMessage's transfer list rather than cloned (32 × 64 nested JS
 * numbers cost a clone on both threads and garbage on both heaps). Readers decode rows only where they need them.
 */
import type { StepStats } from '../metric';
import type { Augmentation } from '../data/augmentation';
import type { StepExplanation } from './stepExplanation';

export interface StepReport {
  step: number;
  epoch: number;
  stats: StepStats;
  /** [B × dim] row-major embeddings the loss measured (normalised when the model normalises); B = labels.length. */
  embeddings: Float32Array;
  /** D: the width of one embedding row. */
  dim: number;
  /** [B] identity label of each image of the batch. */
  labels: Int32Array;
  /** [B] dataset image index of each image of the batch. */
  indices: Int32Array;
  repeats: number;
  /** The learning rate this step's update used (the schedule's value). */
  learningRate: number;
  /** The augmentation the step trained with (null: the stored images as they are); the inspector redraws its views. */
  augmentation: Augmentation | null;
  msPerStep: number;
  imagesPerSecond: number;
  /** offlineHard: true when this step re-mined its triplets. */
  refreshed: boolean;
  /** The batch's explicit triplets (anchor, positive, negative, … flat; indices into the batch), for a loss on them. */
  triplets?: Int32Array;
  /** [B] each image's class in the identity head, for a loss on identity logits. */
  classIndices?: Int32Array;
  /** Present on a step run with `explain` (the lesson's step-through). */
  explanation?: StepExplanation;
}

/** The batch's embeddings as B rows of D numbers (the inspector and the test hook work on rows). */
export function embeddingRows(report: Pick<StepReport, 'embeddings' | 'dim'>): number[][] {
  const { embeddings, dim } = report;
  const rows: number[][] = [];
  for (let at = 0; at < embeddings.length; at += dim) rows.push(Array.from(embeddings.subarray(at, at + dim)));
  return rows;
}

/** Whether every embedding value is finite (a NaN or Inf step is rolled back). */
export function finiteEmbeddings(report: Pick<StepReport, 'embeddings'>): boolean {
  for (const v of report.embeddings) if (!Number.isFinite(v)) return false;
  return true;
}

/** The buffers postMessage may transfer instead of copying; the report must not be read again by the sender. */
export function reportTransfer(report: StepReport): ArrayBuffer[] {
  return [report.embeddings.buffer, report.labels.buffer, report.indices.buffer] as ArrayBuffer[];
}
