/**
 * The run brought back from the training package: its log parsed into rows, its network scored by the lab's own
 * evaluation (the oracle: evaluateEmbeddings called directly on the same embeddings), and clear messages for files
 * that do not fit together.
 */
import { describe, expect, it } from 'vitest';
import { evaluateEmbeddings } from '../evaluation';
import type { ImageEmbeddings } from '../train/identityEmbedding';
import { DEFAULT_CONFIG } from './config';
import { createImportedRun, modelArtifacts } from './importedRun';

const LOG =
  'step,loss,activeFraction,margin,population_easy,population_semiHard,population_hard,population_total,' +
  'selection_easy,selection_semiHard,selection_hard,selection_total,apMean,anMean,meanNorm,learningRate,msPerStep,marker\n' +
  '1,0.3,0.5,0.2,10,5,5,20,,,,,0.5,0.9,1.3,0.01,40,\n2,0.25,0.4,0.2,12,4,4,20,,,,,0.5,0.9,1.3,0.01,41,\n';
const MODEL_JSON = JSON.stringify({
  modelTopology: { class_name: 'Model' },
  weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' }] }],
});

/** 12 embeddings of 4 identities in 3-D: each identity a noisy copy of its own axis-ish direction. */
function embeddings(): ImageEmbeddings {
  const dim = 3;
  const labels = Int32Array.from({ length: 12 }, (_, i) => i % 4);
  const values = Float32Array.from({ length: 12 * dim }, (_, k) => {
    const i = Math.floor(k / dim);
    return (k % dim === (labels[i] as number) % dim ? 1 : 0) + 0.05 * Math.sin(7 * k + (labels[i] as number));
  });
  return { embeddings: values, dim, labels, images: Int32Array.from({ length: 12 }, (_, i) => i) };
}

const file = (name: string, body: string | Uint8Array<ArrayBuffer>) => new File([body], name);

describe('the imported run', () => {
  it('reads the log and scores the network with the lab’s evaluation on the held-out identities', async () => {
    const e = embeddings();
    let handed: unknown = null;
    const run = createImportedRun({
      store: { get: () => ({ config: DEFAULT_CONFIG }) },
      worker: () => ({
        embedValidationWith: async (artifacts) => {
          handed = artifacts;
          return e;
        },
      }),
    });
    await run.importFiles([file('model.json', MODEL_JSON), file('weights.bin', new Uint8Array(16)), file('log.csv', LOG)]);
    const s = run.store.get();
    expect(s.status).toBe('done');
    expect(s.rows.map((r) => [r.step, r.loss])).toEqual([
      [1, 0.3],
      [2, 0.25],
    ]);
    expect(handed).toMatchObject({ weightSpecs: [{ name: 'dense/kernel' }] });
    expect((handed as { weightData: ArrayBuffer }).weightData.byteLength).toBe(16);
    const { trainer } = DEFAULT_CONFIG;
    const oracle = await evaluateEmbeddings({ embeddings: e.embeddings, dim: e.dim, labels: e.labels }, { distance: trainer.distance, seed: trainer.seed });
    expect(s.scores).toEqual({
      images: 12,
      identities: 4,
      auc: oracle.verification.auc,
      eer: oracle.verification.eer,
      recallAt1: oracle.retrieval.recallAt1,
      recallAt5: oracle.retrieval.recallAt5,
      mapAtR: oracle.retrieval.mapAtR,
    });
  });

  it('a log alone is drawn without a network; files that do not fit say what is missing', async () => {
    const run = createImportedRun({ store: { get: () => ({ config: DEFAULT_CONFIG }) }, worker: () => null });
    await run.importFiles([file('log.csv', LOG)]);
    expect(run.store.get()).toMatchObject({ status: 'done', scores: null });
    expect(run.store.get().rows).toHaveLength(2);
    await run.importFiles([file('weights.bin', new Uint8Array(4))]);
    expect(run.store.get()).toMatchObject({ status: 'error', message: 'Pick log.csv, or model.json with weights.bin, or all three.' });
    await expect(modelArtifacts(file('model.json', MODEL_JSON), [file('other.bin', new Uint8Array(4)), file('more.bin', new Uint8Array(4))])).rejects.toThrow(
      'Pick the weight file(s) weights.bin with model.json.',
    );
    await expect(modelArtifacts(file('model.json', '{"modelTopology":'), [])).rejects.toThrow('model.json is not JSON');
  });
});
