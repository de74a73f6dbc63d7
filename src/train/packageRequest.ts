/**
 * The training worker's answer to 'trainingPackage': the parts of the PyTorch package for the current run (its
 * settings, network input sized to the dataset, and its dataset), with a progress event before each stage. The zip
 * itself is written on the page (export/trainingPackage.ts), which keeps the package writer free of tfjs.
 */
import { fetchAssetReader, type AssetReader } from '../model/pretrained/faceApiWeights';
import type { OpenDataset } from './datasetSource';
import { collectPackageParts, type PackageStage } from './packageParts';
import { pretrainedFor } from './pretrainedWeights';
import type { TrainResponse } from './runProtocol';
import type { TrainerSettings } from './settings';

export const PACKAGE_STAGES: readonly PackageStage[] = ['golden batch', 'images', 'hashes'];

export async function answerTrainingPackage(
  id: number,
  settings: TrainerSettings,
  data: OpenDataset,
  post: (message: TrainResponse) => void,
  /**
   * Where a resnet34 run's face-recognition weights come from. They are loaded once per worker (pretrainedWeights.ts),
   * by the run's build before this request, so the default reader of the app's origin only finds them cached.
   */
  assets: AssetReader = fetchAssetReader(),
): Promise<TrainResponse> {
  const progress = (stage: PackageStage) =>
    post({ id: 0, type: 'progress', task: 'trainingPackage', done: PACKAGE_STAGES.indexOf(stage), total: PACKAGE_STAGES.length });
  const parts = await collectPackageParts(settings, data, progress, await pretrainedFor(settings.model, assets));
  post({ id: 0, type: 'progress', task: 'trainingPackage', done: PACKAGE_STAGES.length, total: PACKAGE_STAGES.length });
  return { id, type: 'trainingPackage', parts };
}
