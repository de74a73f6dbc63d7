/**
 * The verification threshold the user chose on the evaluation's threshold explorer, shared so that try-a-face
 * judges a photo at the same threshold the explorer shows (a new evaluation starts again at its EER threshold).
 */
import type { EvaluationRecord } from './evaluation';
import { createStore } from './store';

export const thresholdChoice = createStore<{ record: EvaluationRecord; threshold: number } | null>(null);

export function chooseThreshold(record: EvaluationRecord, threshold: number): void {
  thresholdChoice.set(() => ({ record, threshold }));
}

/** The chosen threshold for `record`, or its EER threshold when none was chosen for it. */
export function thresholdFor(record: EvaluationRecord, choice = thresholdChoice.get()): number {
  return choice && choice.record === record ? choice.threshold : record.result.verification.eerThreshold;
}
