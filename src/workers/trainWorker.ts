/// <reference lib="webworker" />
/**
 * The training worker shell: a wasm step is a second of CPU that would freeze the page, so tfjs lives here.
 * onmessage → train/ → postMessage. One run at a time; play loops until pause, collapse or an error.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../train/backend';
import { openDataset, type DatasetChoice, type OpenDataset } from '../train/datasetSource';
import { embedIdentities, embedImages } from '../train/identityEmbedding';
import { compareSamplers } from '../train/samplerComparison';
import { marginAt, withSettingDefaults } from '../train/settings';
import { Comparison } from '../train/comparison';
import { retrievalMetrics } from '../train/evaluation/retrieval';
import { describeModel } from '../model/cost';
import { needsPretrainedWeights } from '../model/config';
import { fetchAssetReader } from '../model/pretrained/faceApiWeights';
import { faceRecognitionWeights, pretrainedFor } from '../train/pretrainedWeights';
import { saveModelArtifacts } from '../model/artifacts';
import { buildDescriptorModel, disposeModel } from '../model/backbone';
import { TrainingSession } from '../train/session';
import { clearRun, loadCheckpoint, saveCheckpoint } from '../train/checkpointStore';
import type { TrainerSettings } from '../train/settings';
import { reportTransfer } from '../train/stepReport';
import { augmentViews } from '../train/augmentViews';
import type { RunInfo, TrainRequest, TrainResponse, TrainStatus } from './trainProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: TrainResponse): void => scope.postMessage(message);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let config: { settings: TrainerSettings; dataset: DatasetChoice } | null = null;
let session: TrainingSession | null = null;
let data: OpenDataset | null = null;
/** The run the last reset replaced, for one undo; dropped by the next reset or configuration. */
let beforeReset: { session: TrainingSession; data: OpenDataset } | null = null;
/** The last subspace assignment, re-applied when the run is rebuilt. */
let subspaceOf: Int32Array | null = null;
let status: TrainStatus = 'idle';
let running = false;
let queue: Promise<unknown> = Promise.resolve();
let comparing = false;

/**
 * Lets the messages waiting for this worker (pause, margin, requests) run, then resolves. A MessageChannel task, not
 * setTimeout(0): a loop of nested timers is clamped to 4 ms each, a tenth of a training step on wasm.
 */
const yieldChannel = new MessageChannel();
const yielded: (() => void)[] = [];
yieldChannel.port1.onmessage = () => yielded.shift()?.();
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    yielded.push(resolve);
    yieldChannel.port2.postMessage(null);
  });
}

/** Runs `task` after every earlier one: a reset never disposes the model under a step that is awaiting its data. */
function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task);
  queue = result.catch(() => undefined);
  return result;
}

function setStatus(next: TrainStatus, text?: string): void {
  status = next;
  post({ id: 0, type: 'status', status, step: session?.trainer.step ?? 0, ...(text ? { message: text } : {}) });
}

async function build(): Promise<TrainingSession> {
  if (!config) throw new Error('Choose a dataset and a model first.');
  session?.dispose();
  session = null; // if the new run cannot be built, no step may use the disposed one
  data = await openDataset(config.dataset, config.settings.seed);
  // The network's input follows the dataset's stored form.
  const model = { ...config.settings.model, inputSize: data.source.size, channels: data.source.channels };
  const pretrained = await pretrainedFor(model, fetchAssetReader());
  session = new TrainingSession({ ...config.settings, model }, data.source, { train: data.train, ...(subspaceOf ? { subspaceOf } : {}) }, pretrained);
  await session.init();
  return session;
}

function runInfo(s: TrainingSession): RunInfo {
  const cost = describeModel(s.trainer.settings.model);
  return {
    params: cost.params,
    flopsPerImage: cost.flopsPerImage,
    trainIdentities: data!.split.train.length,
    validationIdentities: data!.split.validation.length,
    trainImages: data!.train.images.length,
  };
}

/** Writes weights, optimizer state and step to IndexedDB and tells the page, which saves the history beside it. */
async function checkpoint(): Promise<void> {
  if (!session || !config || session.trainer.step === 0) return;
  try {
    const state = await session.trainer.saveState();
    await saveCheckpoint({ ...state, savedAt: Date.now(), config: { trainer: config.settings, dataset: config.dataset } });
    post({ id: 0, type: 'checkpoint', step: state.step });
  } catch (error) {
    // A full disk must not stop training; the page says that checkpoints are off.
    post({ id: 0, type: 'status', status, step: session.trainer.step, message: `Checkpoint not saved: ${message(error)}` });
  }
}

function dropUndo(): void {
  beforeReset?.session.dispose();
  beforeReset = null;
}

/** One step and its report; returns false when training must stop. */
async function stepOnce(explain = false): Promise<boolean> {
  const s = session ?? (await build());
  const { report, health } = await s.step({ explain });
  // The report's arrays are handed over, not cloned; only its numbers are read below.
  scope.postMessage({ id: 0, type: 'step', report, health } satisfies TrainResponse, reportTransfer(report));
  if (health.kind === 'ok' && report.step % s.trainer.settings.checkpointEvery === 0) await checkpoint();
  if (health.kind === 'nan') {
    setStatus('paused', health.message);
    return false;
  }
  if (health.kind === 'collapsed') {
    setStatus('collapsed', health.message);
    return false;
  }
  return true;
}

async function loop(): Promise<void> {
  running = true;
  setStatus('running');
  try {
    while (running && (await exclusive(() => stepOnce()))) {
      // Let pause and margin messages in between steps.
      await yieldToMessages();
    }
    if (status === 'running') setStatus('paused');
    await exclusive(checkpoint);
  } catch (error) {
    setStatus('error', message(error));
  } finally {
    running = false;
  }
}

/** Trains the comparison's runs round-robin for `steps` rounds; Recall@1 on validation every `evalEvery` steps. */
async function compareLoop(comparison: Comparison, opened: OpenDataset, steps: number, evalEvery: number): Promise<void> {
  comparing = true;
  try {
    for (let round = 1; round <= steps && comparing; round++) {
      const points = await exclusive(() => comparison.round());
      const recall: { run: number; step: number; recallAt1: number }[] = [];
      if (evalEvery > 0 && (round % evalEvery === 0 || round === steps)) {
        for (let run = 0; run < comparison.sessions.length; run++) {
          const s = comparison.sessions[run]!;
          const e = await exclusive(() => embedImages(s.trainer.model, opened.source, opened.validation, () => {}));
          const metrics = retrievalMetrics(e.embeddings, e.dim, e.labels, s.trainer.settings.distance);
          recall.push({ run, step: round, recallAt1: metrics.recallAt1 });
        }
      }
      post({ id: 0, type: 'compare', points, recall });
      await yieldToMessages();
    }
    post({ id: 0, type: 'compareDone' });
  } catch (error) {
    post({ id: 0, type: 'compareDone', message: message(error) });
  } finally {
    comparing = false;
    comparison.dispose();
  }
}

/** tfjs's WebGPU device, when webgpu is the backend. */
function gpuDevice(): { destroy(): void; lost: Promise<{ message: string; reason?: string }> } | null {
  const backend = tf.findBackend('webgpu') as unknown as { device?: { destroy(): void; lost: Promise<{ message: string; reason?: string }> } } | null;
  return backend?.device ?? null;
}

/** A lost device (driver reset, GPU removed, tab throttled away) stops training; the page falls back to WebGL. */
function watchDevice(): void {
  void gpuDevice()?.lost.then((info) => {
    running = false;
    post({ id: 0, type: 'deviceLost', message: info.message || info.reason || 'unknown reason' });
  });
}

async function handle(request: TrainRequest): Promise<TrainResponse> {
  switch (request.type) {
    case 'init': {
      const backend = await selectBackend({ forced: request.forced, wasmPaths: request.wasmPaths });
      if (backend.name === 'webgpu') watchDevice();
      return { id: request.id, type: 'ready', backend };
    }
    case 'loseDevice':
      gpuDevice()?.destroy();
      return { id: request.id, type: 'ok' };
    case 'configure': {
      running = false;
      if (config && JSON.stringify(config.dataset) !== JSON.stringify(request.dataset)) subspaceOf = null;
      await clearRun(); // a new configuration starts a new run; the old checkpoint no longer applies
      config = { settings: request.settings, dataset: request.dataset };
      const s = await exclusive(async () => {
        dropUndo();
        return build();
      });
      setStatus('idle');
      return { id: request.id, type: 'configured', run: runInfo(s) };
    }
    case 'update':
      // Loss, sampler, P, K, margin and learning rate change in place: the network and its steps are kept.
      await exclusive(async () => {
        if (!config) throw new Error('Configure a run first.');
        config = { ...config, settings: { ...request.settings, model: config.settings.model } };
        session?.trainer.update(config.settings);
      });
      return { id: request.id, type: 'ok' };
    case 'resume': {
      // Reload: rebuild the saved run and continue from its checkpoint.
      const saved = await loadCheckpoint();
      if (!saved) return { id: request.id, type: 'resumed', step: 0, config: null, run: null };
      const savedConfig = saved.config as { trainer: TrainerSettings; dataset: DatasetChoice };
      config = { settings: withSettingDefaults(savedConfig.trainer), dataset: savedConfig.dataset };
      const s = await exclusive(async () => {
        const built = await build();
        await built.trainer.restoreState(saved);
        await built.init();
        return built;
      });
      // No status event here: the page applies the reply (history first, then step and status) in one go, so a
      // reader never sees the resumed step before its history.
      status = 'paused';
      return { id: request.id, type: 'resumed', step: saved.step, config: { ...savedConfig, trainer: config.settings }, run: runInfo(s) };
    }
    case 'forget':
      await clearRun();
      return { id: request.id, type: 'ok' };
    case 'play':
      if (!running) void loop();
      return { id: request.id, type: 'ok' };
    case 'pause':
      running = false;
      return { id: request.id, type: 'ok' };
    case 'step':
      if (running) throw new Error('Pause before stepping one batch at a time.');
      if (await exclusive(() => stepOnce(request.explain))) setStatus('paused');
      return { id: request.id, type: 'ok' };
    case 'reset': {
      running = false;
      const s = await exclusive(async () => {
        dropUndo();
        // A run with steps is kept aside (not disposed) for one undo.
        if (session && data && session.trainer.step > 0) {
          beforeReset = { session, data };
          session = null;
        }
        await clearRun();
        return build();
      });
      setStatus('idle');
      return { id: request.id, type: 'configured', run: runInfo(s) };
    }
    case 'undoReset': {
      running = false;
      const s = await exclusive(async () => {
        if (!beforeReset || !config) throw new Error('There is no reset to undo.');
        session?.dispose();
        ({ session, data } = beforeReset);
        beforeReset = null;
        // Settings changed since the reset apply to the run that comes back, as they would have to the new one.
        session.trainer.update(config.settings);
        return session;
      });
      setStatus('paused');
      await exclusive(checkpoint); // the reset deleted the run's checkpoint
      return { id: request.id, type: 'undone', step: s.trainer.step, run: runInfo(s) };
    }
    case 'embedIdentities':
      return exclusive(async () => {
        const s = session ?? (await build());
        const opened = data!;
        const progress = (done: number, total: number) => post({ id: 0, type: 'progress', task: 'embedIdentities', done, total });
        let vectors;
        if (request.representation === 'pretrained') {
          const descriptor = buildDescriptorModel(opened.source.size, opened.source.channels, await faceRecognitionWeights(fetchAssetReader()));
          try {
            vectors = await embedIdentities(descriptor, opened.source, opened.train, progress);
          } finally {
            disposeModel(descriptor);
          }
        } else vectors = await embedIdentities(s.trainer.model, opened.source, opened.train, progress);
        const families = opened.familyOf ? Int32Array.from(vectors.ids, (id) => opened.familyOf!(id)) : null;
        return { id: request.id, type: 'identities' as const, vectors, families };
      });
    case 'embedValidation':
      return exclusive(async () => {
        const s = session ?? (await build());
        const index = request.split === 'train' ? data!.train : data!.validation;
        const embeddings = await embedImages(
          s.trainer.model,
          data!.source,
          index,
          (done, total) => post({ id: 0, type: 'progress', task: 'embedValidation', done, total }),
          request.tta,
        );
        return { id: request.id, type: 'validation' as const, embeddings, step: s.trainer.step };
      });
    case 'compareStart': {
      if (comparing) throw new Error('A comparison is already running: stop it first.');
      if (!config) throw new Error('Configure a run first.');
      running = false; // one device: the main run pauses while the comparison trains
      const opened = await openDataset(config.dataset, config.settings.seed);
      const comparison = await exclusive(async () => {
        const pretrained = request.entries.some((e) => needsPretrainedWeights(e.settings.model))
          ? await faceRecognitionWeights(fetchAssetReader())
          : undefined;
        const c = new Comparison(request.entries, opened, pretrained);
        await c.init();
        return c;
      });
      void compareLoop(comparison, opened, request.steps, request.evalEvery);
      return { id: request.id, type: 'ok' };
    }
    case 'compareStop':
      comparing = false;
      return { id: request.id, type: 'ok' };
    case 'exportModel':
      return exclusive(async () => {
        const s = session ?? (await build());
        return { id: request.id, type: 'model' as const, artifacts: await saveModelArtifacts(s.trainer.model), step: s.trainer.step };
      });
    case 'setSubspaces':
      subspaceOf = request.subspaceOf;
      await exclusive(async () => session?.trainer.setSubspaces(request.subspaceOf));
      return { id: request.id, type: 'ok' };
    case 'compareSamplers':
      return exclusive(async () => {
        if (!subspaceOf) throw new Error('Cluster the identities first: the comparison needs subspaces.');
        const s = session ?? (await build());
        const t = s.trainer.settings;
        const results = await compareSamplers(s.trainer.model, data!.source, data!.train, subspaceOf, {
          P: t.P,
          K: t.K,
          seed: t.seed,
          batches: request.batches,
          margin: s.marginOverride ?? marginAt(t.margin, s.trainer.step),
          distance: t.distance,
          normalize: t.model.normalize,
        });
        return { id: request.id, type: 'samplerComparison' as const, results };
      });
    case 'augmentViews':
      return exclusive(async () => {
        if (!session) await build();
        const source = data!.source;
        const { indices, positions } = request;
        // The preview: one training image under as many draws as positions.
        const batch = indices ?? new Int32Array(positions.length).fill(data!.train.images[0] ?? 0);
        const images = await augmentViews(source, { ...request, indices: batch });
        return { id: request.id, type: 'views' as const, images, size: source.size, channels: source.channels };
      });
    case 'setMargin':
      if (session) session.marginOverride = request.margin ?? undefined;
      return { id: request.id, type: 'ok' };
  }
}

scope.onmessage = async (event: MessageEvent<TrainRequest>) => {
  const request = event.data;
  try {
    const reply = await handle(request);
    const transfer =
      reply.type === 'identities'
        ? [reply.vectors.vectors.buffer, reply.vectors.ids.buffer]
        : reply.type === 'validation'
          ? [reply.embeddings.embeddings.buffer, reply.embeddings.labels.buffer, reply.embeddings.images.buffer]
          : reply.type === 'views'
            ? [reply.images.buffer]
            : [];
    scope.postMessage(reply, transfer);
  } catch (error) {
    post({ id: request.id, type: 'error', message: message(error) });
  }
};
