/**
 * A run trained outside the lab, brought back in (issue 15): the training package's train.py writes the trained
 * network (model.json + weights.bin, the lab's format) and log.csv (the lab's run-log columns). The network is
 * embedded on the current run's held-out identities in the training worker and scored by the same evaluation as
 * the lab's own networks; the log's rows are drawn beside the lab's curves as the "PyTorch run" trace.
 */
import type { io } from '@tensorflow/tfjs-core';
import { errorText } from '../common/errorText';
import { evaluateEmbeddings } from '../evaluation';
import { parseRunLogCsv } from '../export/runLogImport';
import { LOSSES } from '../metric/catalog';
import type { HistoryRow } from '../train/historyRow';
import type { ImageEmbeddings } from '../train/identityEmbedding';
import type { LabConfig } from './config';
import { createStore } from './store';

/** The name of the imported log's trace in the curves. */
export const IMPORTED_TRACE = 'PyTorch run';

export interface ImportedScores {
  images: number;
  identities: number;
  auc: number;
  eer: number;
  recallAt1: number;
  recallAt5: number;
  mapAtR: number;
}

export interface ImportedRunState {
  status: 'idle' | 'running' | 'done' | 'error';
  message: string | null;
  /** The files the run came from. */
  files: string[];
  /** The imported log's rows; empty when no log was picked. */
  rows: HistoryRow[];
  /** The imported network on the held-out identities; null when no network was picked. */
  scores: ImportedScores | null;
}

export const INITIAL_IMPORTED_RUN: ImportedRunState = { status: 'idle', message: null, files: [], rows: [], scores: null };

/** model.json's parts and weights.bin (or its shards, in the manifest's order) as artifacts tfjs loads. */
export async function modelArtifacts(json: File, bins: readonly File[]): Promise<io.ModelArtifacts> {
  let parsed: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: io.WeightsManifestEntry[] }[] } & Record<string, unknown>;
  try {
    parsed = JSON.parse(await json.text());
  } catch {
    throw new Error(`${json.name} is not JSON: pick the model.json that train.py wrote in trained/.`);
  }
  const groups = parsed.weightsManifest;
  if (!parsed.modelTopology || !Array.isArray(groups)) throw new Error(`${json.name} is not a tfjs layers model (no modelTopology or weightsManifest).`);
  const paths = groups.flatMap((g) => g.paths);
  const byName = new Map(bins.map((b) => [b.name, b]));
  const ordered = paths.map((p) => byName.get(p.split('/').pop() ?? p) ?? (bins.length === 1 && paths.length === 1 ? bins[0] : undefined));
  const lacking = paths.filter((_, i) => !ordered[i]);
  if (lacking.length > 0) throw new Error(`Pick the weight file(s) ${lacking.join(', ')} with ${json.name}.`);
  const buffers = await Promise.all(ordered.map((f) => (f as File).arrayBuffer()));
  const weightData = new Uint8Array(buffers.reduce((s, b) => s + b.byteLength, 0));
  buffers.reduce((at, b) => (weightData.set(new Uint8Array(b), at), at + b.byteLength), 0);
  return {
    modelTopology: parsed.modelTopology as io.ModelArtifacts['modelTopology'],
    weightSpecs: groups.flatMap((g) => g.weights),
    weightData: weightData.buffer,
    format: typeof parsed.format === 'string' ? parsed.format : 'layers-model',
    ...(parsed.userDefinedMetadata ? { userDefinedMetadata: parsed.userDefinedMetadata as io.ModelArtifacts['userDefinedMetadata'] } : {}),
  };
}

/** What the import needs of the lab: the run's configuration, and the worker that embeds the held-out images. */
export interface ImportedRunLab {
  store: { get(): { config: Pick<LabConfig, 'trainer'> } };
  worker(): { embedValidationWith(artifacts: io.ModelArtifacts): Promise<ImageEmbeddings> } | null;
}

export function createImportedRun(lab: ImportedRunLab) {
  const store = createStore<ImportedRunState>(INITIAL_IMPORTED_RUN);

  /** Reads the picked files: a network (model.json + weights.bin), a log (.csv), or both. */
  async function importFiles(files: readonly File[]): Promise<void> {
    const json = files.find((f) => f.name.endsWith('.json'));
    const bins = files.filter((f) => f.name.endsWith('.bin'));
    const csv = files.find((f) => f.name.endsWith('.csv'));
    const names = files.map((f) => f.name);
    if (!csv && !json) {
      store.set(() => ({ ...INITIAL_IMPORTED_RUN, status: 'error', message: 'Pick log.csv, or model.json with weights.bin, or all three.' }));
      return;
    }
    store.set(() => ({ ...INITIAL_IMPORTED_RUN, status: 'running', files: names }));
    try {
      const rows = csv ? parseRunLogCsv(await csv.text()) : [];
      store.set((s) => ({ ...s, rows }));
      let scores: ImportedScores | null = null;
      if (json) {
        const client = lab.worker();
        if (!client) throw new Error('The training worker is not ready yet.');
        const embeddings = await client.embedValidationWith(await modelArtifacts(json, bins));
        const { trainer } = lab.store.get().config;
        const result = await evaluateEmbeddings(
          { embeddings: embeddings.embeddings, dim: embeddings.dim, labels: embeddings.labels },
          { distance: LOSSES[trainer.loss].fixedDistance ?? trainer.distance, seed: trainer.seed },
        );
        scores = {
          images: result.images,
          identities: result.identities,
          auc: result.verification.auc,
          eer: result.verification.eer,
          recallAt1: result.retrieval.recallAt1,
          recallAt5: result.retrieval.recallAt5,
          mapAtR: result.retrieval.mapAtR,
        };
      }
      store.set((s) => ({ ...s, status: 'done', scores }));
    } catch (error) {
      store.set((s) => ({ ...s, status: 'error', message: errorText(error) }));
    }
  }

  return { store, importFiles, clear: () => store.set(() => INITIAL_IMPORTED_RUN) };
}

export type ImportedRun = ReturnType<typeof createImportedRun>;
