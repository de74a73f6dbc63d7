/** What every stage of the step-through gets: the explained step and the anchor the class follows through it. */
import type { DistanceName } from '../../metric/distance';
import type { LossId } from '../../metric';
import type { ImageLookup } from '../../state/datasetImages';
import type { StepExplanation } from '../../train/stepExplanation';
import type { StepReport } from '../../train/stepReport';

export interface StageProps {
  report: StepReport & { explanation: StepExplanation };
  /** [B][D] embeddings the loss measured. */
  rows: number[][];
  labels: number[];
  /** [B × B] float64 distances. */
  matrix: Float64Array;
  distance: DistanceName;
  loss: LossId;
  /** The batch position followed through the stages. */
  anchor: number;
  setAnchor: (anchor: number) => void;
  images: ImageLookup | null;
}

export const fmt = (x: number, digits = 3): string => (Math.abs(x) >= 1000 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(digits));
