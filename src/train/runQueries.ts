/**
 * Questions the page asks about the current run, answered between steps (run.ts queues them): identity and image
 * embeddings, the P×K vs subspace census, augmented views, the model's files. None of them changes the run.
 */
import { augmentViews } from './augmentViews';
import type { OpenDataset } from './datasetSource';
import { embedIdentities, embedImages } from './identityEmbedding';
import { faceRecognitionWeights } from './pretrainedWeights';
import { embedProbe } from './probeEmbedding';
import { compareSamplers } from './samplerComparison';
import type { TrainingSession } from './session';
import { marginAt } from './settings';
import type { TrainRequest, TrainResponse } from './runProtocol';
import { buildDescriptorModel, disposeModel } from '../model/backbone';
import { saveModelArtifacts } from '../model/artifacts';
import type { AssetReader } from '../model/pretrained/faceApiWeights';

export type QueryRequest = Extract<TrainRequest, { type: 'embedIdentities' | 'embedValidation' | 'exportModel' | 'compareSamplers' | 'augmentViews' | 'embedProbe' }>;

export interface QueryContext {
  session: TrainingSession;
  data: OpenDataset;
  subspaceOf: Int32Array | null;
  assets: AssetReader;
  post(message: TrainResponse): void;
}

export async function answerQuery(request: QueryRequest, { session, data, subspaceOf, assets, post }: QueryContext): Promise<TrainResponse> {
  const { id } = request;
  const model = session.trainer.model;
  switch (request.type) {
    case 'embedIdentities': {
      const progress = (done: number, total: number) => post({ id: 0, type: 'progress', task: 'embedIdentities', done, total });
      let vectors;
      if (request.representation === 'pretrained') {
        const descriptor = buildDescriptorModel(data.source.size, data.source.channels, await faceRecognitionWeights(assets));
        try {
          vectors = await embedIdentities(descriptor, data.source, data.train, progress);
        } finally {
          disposeModel(descriptor);
        }
      } else vectors = await embedIdentities(model, data.source, data.train, progress);
      const { familyOf } = data;
      const families = familyOf ? Int32Array.from(vectors.ids, (i) => familyOf(i)) : null;
      return { id, type: 'identities', vectors, families };
    }
    case 'embedValidation': {
      const index = request.split === 'train' ? data.train : data.validation;
      const progress = (done: number, total: number) => post({ id: 0, type: 'progress', task: 'embedValidation', done, total });
      const embeddings = await embedImages(model, data.source, index, progress, request.tta);
      return { id, type: 'validation', embeddings, step: session.trainer.step };
    }
    case 'embedProbe': {
      const embedding = await embedProbe(model, request.pixels, data.source.size, data.source.channels);
      return { id, type: 'probe', embedding, step: session.trainer.step };
    }
    case 'exportModel':
      return { id, type: 'model', artifacts: await saveModelArtifacts(model), step: session.trainer.step };
    case 'compareSamplers': {
      if (!subspaceOf) throw new Error('Cluster the identities first: the comparison needs subspaces.');
      const t = session.trainer.settings;
      const results = await compareSamplers(model, data.source, data.train, subspaceOf, {
        P: t.P,
        K: t.K,
        seed: t.seed,
        batches: request.batches,
        margin: session.marginOverride ?? marginAt(t.margin, session.trainer.step),
        distance: t.distance,
        normalize: t.model.normalize,
      });
      return { id, type: 'samplerComparison', results };
    }
    case 'augmentViews': {
      const { indices, positions } = request;
      // The preview: one training image under as many draws as positions.
      const batch = indices ?? new Int32Array(positions.length).fill(data.train.images[0] ?? 0);
      const images = await augmentViews(data.source, { ...request, indices: batch });
      return { id, type: 'views', images, size: data.source.size, channels: data.source.channels };
    }
  }
}
