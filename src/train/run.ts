/**
 * The training run controller: owns the run's configuration, its session (and the one a reset replaced), status,
 * the play loop, the lockstep comparison and checkpoints. Requests in, one reply each; events out through `post`.
 * The training worker is a shell around it; Node tests drive it directly with an in-memory checkpoint store.
 *
 * Every task that touches the session runs through `exclusive`, one after another: a reset never disposes the model
 * under a step that is awaiting its data, and pause or margin messages slip in between steps.
 */
import { gpuDevice, selectBackend } from './backend';
import { openDataset, type OpenDataset } from './datasetSource';
import { withSettingDefaults } from './settings';
import { runComparison } from './runComparison';
import { answerQuery } from './runQueries';
import { answerTrainingPackage } from './packageRequest';
import { answerImportedModel } from './importedModel';
import { describeModel } from '../model/cost';
import { needsPretrainedWeights } from '../model/config';
import type { AssetReader } from '../model/pretrained/faceApiWeights';
import { faceRecognitionWeights, pretrainedFor } from './pretrainedWeights';
import { TrainingSession } from './session';
import type { Checkpoint } from './checkpointStore';
import { reportTransfer } from './stepReport';
import type { RunConfig } from './runConfig';
import type { RunInfo, TrainRequest, TrainResponse, TrainStatus } from './runProtocol';
import { errorText } from '../common/errorText';

export interface RunDeps {
  /** Sends an event (id 0) to the page. */
  post(message: TrainResponse, transfer?: Transferable[]): void;
  /** Resolves once the messages waiting for the worker (pause, margin, requests) have been handled. */
  yieldToMessages(): Promise<void>;
  /** Where checkpoints live (IndexedDB in the worker, a Map in tests). */
  checkpoints: { save(c: Checkpoint): Promise<void>; load(): Promise<Checkpoint | undefined>; clear(): Promise<void> };
  /** The pretrained face-recognition weights' files (the app's own origin). */
  assets: AssetReader;
}

const message = (error: unknown): string => errorText(error);

export function createRunController({ post, yieldToMessages, checkpoints, assets }: RunDeps) {
  let config: RunConfig | null = null;
  let session: TrainingSession | null = null;
  let data: OpenDataset | null = null;
  /** The run the last reset replaced, for one undo; dropped by the next reset or configuration. */
  let beforeReset: { session: TrainingSession; data: OpenDataset } | null = null;
  /** The last subspace assignment, re-applied when the run is rebuilt. */
  let subspaceOf: Int32Array | null = null;
  let status: TrainStatus = 'idle';
  let running = false;
  /** Loops started so far (loop()); the last one is the only one that steps. */
  let loops = 0;
  let comparing = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every earlier one. */
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = queue.then(() => task());
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
    data = await openDataset(config.dataset, config.trainer.seed);
    // The network's input follows the dataset's stored form.
    const model = { ...config.trainer.model, inputSize: data.source.size, channels: data.source.channels };
    const pretrained = await pretrainedFor(model, assets);
    session = new TrainingSession({ ...config.trainer, model }, data.source, { train: data.train, ...(subspaceOf ? { subspaceOf } : {}) }, pretrained);
    await session.init();
    return session;
  }

  const current = (): Promise<TrainingSession> => (session ? Promise.resolve(session) : build());

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

  function dropUndo(): void {
    beforeReset?.session.dispose();
    beforeReset = null;
  }

  /** Writes weights, optimizer state and step; the page saves the history beside them on the event. */
  async function checkpoint(): Promise<void> {
    if (!session || !config || session.trainer.step === 0) return;
    try {
      const state = await session.trainer.saveState();
      await checkpoints.save({ ...state, savedAt: Date.now(), config: { trainer: config.trainer, dataset: config.dataset } });
      post({ id: 0, type: 'checkpoint', step: state.step });
    } catch (error) {
      // A full disk must not stop training; the page says that checkpoints are off.
      post({ id: 0, type: 'status', status, step: session.trainer.step, message: `Checkpoint not saved: ${message(error)}` });
    }
  }

  /** One step and its report; returns false when training must stop. */
  async function stepOnce(explain = false): Promise<boolean> {
    const s = await current();
    const { report, health } = await s.step({ explain });
    // The report's arrays are handed over, not cloned; only its numbers are read below.
    post({ id: 0, type: 'step', report, health }, reportTransfer(report));
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

  /**
   * Plays until paused. Each loop has its number: Play pressed right after Pause starts a new loop while the old one
   * may still be saving its checkpoint (seconds for a large network), and only the newest loop may step or stop.
   */
  async function loop(): Promise<void> {
    const me = ++loops;
    const current = () => loops === me;
    running = true;
    setStatus('running');
    try {
      while (running && current() && (await exclusive(() => stepOnce()))) await yieldToMessages();
      if (!current()) return;
      if (status === 'running') setStatus('paused');
      await exclusive(checkpoint);
    } catch (error) {
      if (current()) setStatus('error', message(error));
    } finally {
      if (current()) running = false;
    }
  }

  /** A lost device (driver reset, GPU removed) stops training; the page falls back to WebGL. */
  function watchDevice(): void {
    void gpuDevice()?.lost.then((info) => {
      running = false;
      post({ id: 0, type: 'deviceLost', message: info.message || info.reason || 'unknown reason' });
    });
  }

  async function handle(request: TrainRequest): Promise<TrainResponse> {
    const { id } = request;
    switch (request.type) {
      case 'init': {
        const { forced, wasmPaths, wasmThreads } = request;
        const backend = await selectBackend({ forced, wasmPaths, ...(wasmThreads ? { wasmThreads } : {}) });
        if (backend.name === 'webgpu') watchDevice();
        return { id, type: 'ready', backend };
      }
      case 'loseDevice':
        gpuDevice()?.destroy();
        return { id, type: 'ok' };
      case 'configure': {
        running = false;
        if (config && JSON.stringify(config.dataset) !== JSON.stringify(request.dataset)) subspaceOf = null;
        await checkpoints.clear(); // a new configuration starts a new run; the old checkpoint no longer applies
        config = { trainer: request.settings, dataset: request.dataset };
        const s = await exclusive(async () => {
          dropUndo();
          return build();
        });
        setStatus('idle');
        return { id, type: 'configured', run: runInfo(s) };
      }
      case 'update':
        // Loss, sampler, P, K, margin and learning rate change in place: the network and its steps are kept.
        await exclusive(async () => {
          if (!config) throw new Error('Configure a run first.');
          config = { ...config, trainer: { ...request.settings, model: config.trainer.model } };
          session?.trainer.update(config.trainer);
        });
        return { id, type: 'ok' };
      case 'resume': {
        // Reload: rebuild the saved run and continue from its checkpoint.
        const saved = await checkpoints.load();
        if (!saved) return { id, type: 'resumed', step: 0, config: null, run: null };
        config = { trainer: withSettingDefaults(saved.config.trainer), dataset: saved.config.dataset };
        const s = await exclusive(async () => {
          const built = await build();
          await built.trainer.restoreState(saved);
          await built.init();
          return built;
        });
        // No status event here: the page applies the reply (history first, then step and status) in one go, so a
        // reader never sees the resumed step before its history.
        status = 'paused';
        return { id, type: 'resumed', step: saved.step, config, run: runInfo(s) };
      }
      case 'forget':
        await checkpoints.clear();
        return { id, type: 'ok' };
      case 'play':
        if (!running) void loop();
        return { id, type: 'ok' };
      case 'pause':
        running = false;
        return { id, type: 'ok' };
      case 'step':
        if (running) throw new Error('Pause before stepping one batch at a time.');
        if (await exclusive(() => stepOnce(request.explain))) setStatus('paused');
        return { id, type: 'ok' };
      case 'reset': {
        running = false;
        const s = await exclusive(async () => {
          dropUndo();
          // A run with steps is kept aside (not disposed) for one undo.
          if (session && data && session.trainer.step > 0) {
            beforeReset = { session, data };
            session = null;
          }
          await checkpoints.clear();
          return build();
        });
        setStatus('idle');
        return { id, type: 'configured', run: runInfo(s) };
      }
      case 'undoReset': {
        running = false;
        const s = await exclusive(async () => {
          if (!beforeReset || !config) throw new Error('There is no reset to undo.');
          session?.dispose();
          ({ session, data } = beforeReset);
          beforeReset = null;
          // Settings changed since the reset apply to the run that comes back, as they would have to the new one.
          session.trainer.update(config.trainer);
          return session;
        });
        setStatus('paused');
        await exclusive(checkpoint); // the reset deleted the run's checkpoint
        return { id, type: 'undone', step: s.trainer.step, run: runInfo(s) };
      }
      case 'compareStart': {
        if (comparing) throw new Error('A comparison is already running: stop it first.');
        if (!config) throw new Error('Configure a run first.');
        if (request.entries.length < 2 || request.entries.length > 6) throw new Error(`Compare 2 to 6 configurations, not ${request.entries.length}.`);
        if (!Number.isInteger(request.seeds) || request.seeds < 1 || request.seeds > 10) throw new Error(`Compare over 1 to 10 seeds, not ${request.seeds}.`);
        if (!(request.budget.value > 0)) throw new Error('The budget must be above 0.');
        running = false; // one device: the main run pauses while the comparison trains
        const opened = await openDataset(config.dataset, config.trainer.seed);
        const pretrained = request.entries.some((e) => needsPretrainedWeights(e.settings.model)) ? await faceRecognitionWeights(assets) : undefined;
        comparing = true;
        void runComparison(request, opened, pretrained, { post, yieldToMessages, exclusive, comparing: () => comparing }).finally(() => {
          comparing = false;
        });
        return { id, type: 'ok' };
      }
      case 'compareStop':
        comparing = false;
        return { id, type: 'ok' };
      case 'setSubspaces':
        subspaceOf = request.subspaceOf;
        await exclusive(async () => session?.trainer.setSubspaces(request.subspaceOf));
        return { id, type: 'ok' };
      case 'trainingPackage':
        // A fresh trainer on the run's dataset measures the golden batch; the run's own steps wait.
        return exclusive(async () => answerTrainingPackage(id, (await current()).trainer.settings, data!, post, assets));
      case 'embedValidationWith':
        return exclusive(async () => {
          await current();
          return answerImportedModel(id, request.artifacts, data!, post);
        });
      case 'setMargin':
        if (session) session.marginOverride = request.margin ?? undefined;
        return { id, type: 'ok' };
      default:
        // Questions about the current run (embeddings, views, the model): one at a time with the steps.
        return exclusive(async () => {
          const s = await current();
          return answerQuery(request, { session: s, data: data!, subspaceOf, assets, post });
        });
    }
  }

  return {
    handle,
    /** The error reply for a request whose handling threw. */
    failed: (request: TrainRequest, error: unknown): TrainResponse => ({ id: request.id, type: 'error', message: message(error) }),
  };
}

export type RunController = ReturnType<typeof createRunController>;
