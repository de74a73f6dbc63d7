/**
 * One training run: the embedding network, its optimizer, the sampler and the loss, stepped one batch at a time.
 *
 * Each step is one optimizer step inside one tidy plus ONE asynchronous read: the metric core's packed statistics
 * and the batch's embeddings travel together in a single small tensor, so nothing blocks (no dataSync). The next
 * batch's pixels are prepared on the CPU while the backend works on the current one.
 */
import * as tf from '@tensorflow/tfjs';
import { getLoss, lossEntry, STEP_STATS_LENGTH, unpackStepStats } from '../metric';
import { buildEmbeddingModel, disposeModel, EMBEDDING_HEAD_LAYER_NAME, FACE_RESNET_LAYER_NAME } from '../model/backbone';
import { backboneOf } from '../model/config';
import { FACE_RESNET_DESCRIPTOR_DIM } from '../model/pretrained/faceResNetSpec';
import { embed, l2Normalize } from '../model/embed';
import { identityLogits } from '../model/identityHead';
import { restoreWeights, snapshotWeightsAsync, type WeightSnapshot } from '../model/weights';
import type { Batch, Sampler } from '../data/samplers/batch';
import { createRng, type Rng } from '../common/rng';
import { FrozenFeatures } from './frozenFeatures';
import { mineOffline, tripletBatches } from './offlineMining';
import { Optimizers } from './optimizers';
import type { ImageSource } from './imageSource';
import { createSampler, type SamplerContext } from './samplerFactory';
import { marginAt, type TrainerSettings } from './settings';
import { drawAugmentation, isAugmenting } from '../data/augmentation';
import { augmentBatch } from './augment';
import { learningRateAt } from './learningRate';
import type { SavedTensor } from './checkpointStore';
import type { StepReport } from './stepReport';
import type { LossInputName } from '../metric/lossInfo';
import { IdentityHead, minedTripletOptions, tripletTensors } from './lossInputs';
import { unpackExplanation } from './stepExplanation';

export type { StepReport } from './stepReport';

export class Trainer {
  readonly model: tf.LayersModel;
  private readonly optimizers: Optimizers;
  private sampler: Sampler;
  private stepCount = 0;
  private next: { batch: Batch; pixels: Float32Array | null } | null = null;
  /** Frozen pretrained backbone: its cached features stand in for the pixels, and only the head trains. */
  readonly frozen: FrozenFeatures | null;
  /** A loss on identity logits (softmaxTriplet): the classification head and each training identity's class index. */
  private head: IdentityHead | null = null;
  /** A loss on mined triplets (offlineHard): serves them until the next refresh. */
  private offline: (() => Batch) | null = null;
  private readonly offlineRng: Rng;

  constructor(
    public settings: TrainerSettings,
    private readonly source: ImageSource,
    private context: SamplerContext,
    /** The face-recognition weights, for the pretrained backbones (copied into the model; not disposed). */
    pretrained?: tf.NamedTensorMap,
  ) {
    // The sampler checks the settings against the data (P, K, identities) before any tensor is allocated.
    this.sampler = createSampler(settings, context);
    this.model = buildEmbeddingModel(settings.model, pretrained);
    this.frozen =
      backboneOf(settings.model) === 'resnet34Frozen'
        ? new FrozenFeatures(this.model.getLayer(FACE_RESNET_LAYER_NAME), source, FACE_RESNET_DESCRIPTOR_DIM)
        : null;
    // Fine-tuned: the pretrained backbone learns at a fraction of the rate (optimizers.ts says why).
    const backboneVariables =
      backboneOf(settings.model) === 'resnet34FineTuned'
        ? new Set(this.model.getLayer(FACE_RESNET_LAYER_NAME).trainableWeights.map((w) => (w.read() as tf.Variable).name))
        : null;
    this.optimizers = new Optimizers(settings, backboneVariables);
    this.offlineRng = createRng(settings.seed ^ 0x0ff1);
  }

  /**
   * Changes what the next steps do without touching the network: loss, its options, distance, margin, sampler, P, K,
   * learning rate. A new optimizer or learning rate starts fresh optimizer state.
   */
  update(settings: TrainerSettings): void {
    const old = this.settings;
    const next = { ...settings, model: old.model };
    if (settings.sampler !== old.sampler || settings.P !== old.P || settings.K !== old.K || settings.loss !== old.loss) {
      // Built before anything changes: a P the data cannot meet leaves the run as it was.
      this.sampler = createSampler(next, this.context);
      this.next = null;
      this.offline = null;
    }
    this.settings = next;
    if (settings.optimizer !== old.optimizer || settings.learningRate !== old.learningRate) this.optimizers.reset(this.settings);
  }

  /** The identity → subspace assignment of the subspace sampler (seed 000), swapped in without a restart. */
  setSubspaces(subspaceOf: Int32Array): void {
    this.context = { ...this.context, subspaceOf };
    const sampler = this.sampler as Sampler & { setAssignment?: (a: ArrayLike<number>) => void };
    if (sampler.setAssignment) sampler.setAssignment(subspaceOf);
    else if (this.settings.sampler === 'subspace') this.sampler = createSampler(this.settings, this.context);
    this.next = null;
  }

  get step(): number {
    return this.stepCount;
  }

  private prepare(): { batch: Batch; pixels: Float32Array | null } {
    const batch = this.offline ? this.offline() : this.sampler.next();
    return { batch, pixels: this.frozen ? null : this.source.read(batch.indices) };
  }

  /**
   * Runs one optimizer step and reads its statistics. Tensors after == tensors before.
   * @param explain also measure what the step did (stepExplanation.ts): costs two more forward passes and a copy of
   *   the weights, so only the lesson's explained step asks for it
   */
  async trainStep(marginOverride?: number, { explain = false }: { explain?: boolean } = {}): Promise<StepReport> {
    const started = performance.now();
    const { settings } = this;
    const margin = marginOverride ?? marginAt(settings.margin, this.stepCount);
    const mined = this.needs('minedTriplets');
    const { refreshEvery } = minedTripletOptions(settings);
    const refreshed = mined && this.stepCount % refreshEvery === 0;
    if (refreshed || (mined && !this.offline)) await this.refreshOffline(margin);
    const { batch, pixels } = this.next ?? this.prepare();
    this.next = null;
    const B = batch.indices.length;
    const D = settings.model.embeddingDim;
    const features = this.frozen ? await this.frozen.read(batch.indices) : null;
    const learningRate = learningRateAt(settings.schedule, settings.learningRate, this.stepCount);
    this.optimizers.setLearningRate(learningRate);
    // A frozen backbone trains on cached descriptors of the stored images: there are no pixels to augment.
    const augmentation = !features && isAugmenting(settings.augmentation) ? settings.augmentation : null;
    const draws = augmentation ? drawAugmentation(augmentation, B, this.source.size, settings.seed, this.stepCount) : null;
    // Kept out of the gradient tidy; disposed once packed (tf.keep also shields them from this outer tidy).
    let statsT: tf.Tensor1D | undefined;
    let measured: tf.Tensor2D | undefined;
    let explained: { name: string; size: number }[] = [];
    const packed = tf.tidy(() => {
      const size = this.source.size;
      const stored = features
        ? tf.tensor2d(features, [B, this.frozen!.dim])
        : tf.tensor4d(pixels!, [B, size, size, this.source.channels]);
      const x = augmentation && draws ? augmentBatch(stored as tf.Tensor4D, draws, augmentation) : stored;
      const labels = tf.tensor1d(batch.labels, 'int32');
      const lossFn = getLoss(settings.loss, { ...settings.lossOptions, margin, distance: settings.distance, normalize: settings.model.normalize });
      const head = this.identityHead();
      const variables = [...this.model.trainableWeights, ...(head?.model.trainableWeights ?? [])].map((w) => w.read() as tf.Variable);
      const forward = (training: boolean) => {
        const embeddings = features
          ? (this.model.getLayer(EMBEDDING_HEAD_LAYER_NAME).apply(x) as tf.Tensor2D) // the head has no batch norm
          : embed(this.model, x as tf.Tensor4D, { normalize: false, training });
        const triplets = this.triplets(batch);
        const extras = head
          ? {
              logits: identityLogits(head.model, embeddings),
              classIndices: tf.tensor1d(head.classIndices(batch.labels), 'int32'),
            }
          : {};
        return { embeddings, out: lossFn(embeddings, labels, { step: this.stepCount, labelValues: batch.labels, ...extras, ...(triplets ? { triplets } : {}) }) };
      };
      // Inference mode leaves batch-norm's running statistics alone: measuring does not change the run.
      const before = explain ? forward(false).out.stats : null;
      const weightsBefore = explain ? variables.map((v) => v.clone()) : [];
      const { grads } = tf.variableGrads(() => {
        const { embeddings, out } = forward(true);
        statsT = tf.keep(out.stats);
        measured = tf.keep(settings.model.normalize ? l2Normalize(embeddings) : embeddings.clone());
        return out.loss as tf.Scalar;
      }, variables);
      const norm = (t: tf.Tensor) => tf.sqrt(tf.sum(tf.square(t)));
      const gradNorms = explain ? variables.map((v) => (grads[v.name] ? norm(grads[v.name] as tf.Tensor) : tf.scalar(0))) : [];
      this.optimizers.apply(grads, settings.weightDecay);
      if (!explain) return tf.concat([statsT!, tf.reshape(measured!, [-1])]);
      explained = variables.map((v) => ({ name: v.name, size: v.size }));
      const after = forward(false).out.stats;
      return tf.concat([
        statsT!,
        tf.reshape(measured!, [-1]),
        tf.stack(weightsBefore.map(norm)),
        tf.stack(gradNorms),
        tf.stack(variables.map((v, i) => norm(tf.sub(v, weightsBefore[i] as tf.Tensor)))),
        before!,
        after,
      ]);
    });
    tf.dispose([statsT!, measured!]);
    // Prepare the next batch on the CPU while the backend runs this one (not across an offline refresh).
    const nextRefreshes = mined && (this.stepCount + 1) % refreshEvery === 0;
    if (!nextRefreshes) this.next = this.prepare();
    const values = (await packed.data()) as Float32Array;
    packed.dispose();
    const stats = unpackStepStats(values.subarray(0, STEP_STATS_LENGTH));
    // A buffer of its own, so the worker can transfer it to the page; rows are decoded only where needed.
    const embeddingsEnd = STEP_STATS_LENGTH + B * D;
    const embeddings = values.slice(STEP_STATS_LENGTH, embeddingsEnd);
    const explanation = explain ? unpackExplanation(values.subarray(embeddingsEnd), explained) : undefined;
    const elapsed = performance.now() - started;
    this.stepCount++;
    return {
      step: this.stepCount,
      epoch: batch.epoch + batch.epochProgress,
      stats,
      embeddings,
      dim: D,
      // Copies: the sampler may reuse its arrays, and the report's are transferred.
      labels: batch.labels.slice(),
      indices: batch.indices.slice(),
      repeats: batch.repeats,
      learningRate,
      augmentation,
      msPerStep: elapsed,
      imagesPerSecond: (B * 1000) / elapsed,
      refreshed,
      ...(batch.triplets ? { triplets: batch.triplets.slice() } : {}),
      ...(this.head ? { classIndices: this.head.classIndices(batch.labels) } : {}),
      ...(explanation ? { explanation } : {}),
    };
  }

  /** Whether the run's loss declares `input` (lossInfo.ts): the trainer brings it, whatever the loss is called. */
  private needs(input: LossInputName): boolean {
    return lossEntry(this.settings.loss).inputs.includes(input);
  }

  /** For a loss that needs identity logits (seed 003): a classification head over the training identities, built on first use. */
  private identityHead(): IdentityHead | null {
    if (!this.needs('identityLogits')) return null;
    this.head ??= new IdentityHead(this.settings.model.embeddingDim, this.context.train.ids, this.settings.seed);
    return this.head;
  }

  /** The identity head's initial weights (built now), for the golden batch; null for a loss without identity logits. */
  async identityHeadWeights(): Promise<Awaited<ReturnType<IdentityHead['weights']>> | null> {
    return (await this.identityHead()?.weights()) ?? null;
  }

  /** The explicit triplets of the batch (from the sampler, or mined), as tensors in the tidy. */
  private triplets(batch: Batch) {
    return batch.triplets ? tripletTensors(batch.triplets) : undefined;
  }

  /** Mined triplets: embed a subset with the current network and mine the triplets of the next `refreshEvery` steps. */
  private async refreshOffline(margin: number): Promise<void> {
    const { settings } = this;
    const { subsetSize, negative } = minedTripletOptions(settings);
    const mined = await mineOffline(
      this.model,
      this.source,
      this.context.train,
      { subset: subsetSize, margin, distance: settings.distance, normalize: settings.model.normalize, negative },
      this.offlineRng,
    );
    this.offline = tripletBatches(mined, Math.max(1, Math.floor((settings.P * settings.K) / 3)), this.offlineRng);
    this.next = null;
  }

  /** Weights, optimizer state and step for a checkpoint (async reads only). */
  async saveState(): Promise<{ step: number; weights: WeightSnapshot; optimizer: SavedTensor[] }> {
    const optimizer = await this.optimizers.save();
    return { step: this.stepCount, weights: await this.snapshot(), optimizer };
  }

  /** Resumes from a checkpoint: weights, optimizer state, step, and the sampler fast-forwarded to that step. */
  async restoreState(state: { step: number; weights: WeightSnapshot; optimizer: SavedTensor[] }): Promise<void> {
    restoreWeights(this.model, state.weights);
    await this.optimizers.restore(state.optimizer);
    // Sampling is index arithmetic: replaying it keeps the batches of an uninterrupted run.
    for (let i = 0; i < state.step; i++) this.sampler.next();
    this.stepCount = state.step;
    this.next = null;
  }

  /** All weights, read asynchronously (for checkpoints and NaN rollback). */
  snapshot(): Promise<WeightSnapshot> {
    return snapshotWeightsAsync(this.model);
  }

  /** Restores weights and starts the optimizer afresh (its moments may hold the NaN). */
  rollback(snapshot: WeightSnapshot): void {
    restoreWeights(this.model, snapshot);
    this.optimizers.reset();
  }

  dispose(): void {
    this.optimizers.dispose();
    disposeModel(this.model);
    this.head?.dispose();
  }
}
