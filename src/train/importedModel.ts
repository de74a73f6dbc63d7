/**
 * A network trained elsewhere (the training package's train.py writes model.json + weights.bin in the lab's format)
 * embedded on the current run's held-out identities, the way the lab's own evaluation embeds them (embedImages), so
 * the page scores it with the same code. The model lives for this request only.
 */
import type { io } from '@tensorflow/tfjs-core';
import { disposeModel } from '../model/backbone';
import { loadModelArtifacts } from '../model/artifacts';
import type { OpenDataset } from './datasetSource';
import { embedImages } from './identityEmbedding';
import type { TrainResponse } from './runProtocol';

export async function answerImportedModel(
  id: number,
  artifacts: io.ModelArtifacts,
  data: OpenDataset,
  post: (message: TrainResponse) => void,
): Promise<TrainResponse> {
  const model = await loadModelArtifacts(artifacts);
  try {
    const [, h, w, c] = model.inputs[0]?.shape ?? [];
    const { size, channels } = data.source;
    if (h !== size || w !== size || c !== channels)
      throw new Error(
        `The imported network takes ${h}×${w}×${c} images, this run's dataset has ${size}×${size}×${channels}: ` +
          'evaluate it with the dataset its training package was exported from.',
      );
    const progress = (done: number, total: number) => post({ id: 0, type: 'progress', task: 'embedValidation', done, total });
    const embeddings = await embedImages(model, data.source, data.validation, progress);
    return { id, type: 'validation', embeddings, step: 0 };
  } finally {
    disposeModel(model);
  }
}
