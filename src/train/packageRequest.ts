/**
 * The training worker's answer to 'trainingPackage': the parts of the PyTorch package for the current run (its
 * settings, network input sized to the dataset, and its dataset), with a progress event before each stage. The zip
 * itself is written on the page (export/trainingPackage.ts), which keeps the package writer free of tfjs.
 */
import type { OpenDataset } from './datasetSource';
import { collectPackageParts, type PackageStage } from './packageParts';
import type { TrainResponse } from './runProtocol';
import type { TrainerSettings } from './settings';

export const PACKAGE_STAGES: readonly PackageStage[] = ['golden batch', 'images', 'hashes'];

export async function answerTrainingPackage(
  id: number,
  settings: TrainerSettings,
  data: OpenDataset,
  post: (message: TrainResponse) => void,
): Promise<TrainResponse> {
  const progress = (stage: PackageStage) =>
    post({ id: 0, type: 'progress', task: 'trainingPackage', done: PACKAGE_STAGES.indexOf(stage), total: PACKAGE_STAGES.length });
  const parts = await collectPackageParts(settings, data, progress);
  post({ id: 0, type: 'progress', task: 'trainingPackage', done: PACKAGE_STAGES.length, total: PACKAGE_STAGES.length });
  return { id, type: 'trainingPackage', parts };
}
