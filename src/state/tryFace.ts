/**
 * Try a face: one photo (dropped, picked or snapped) is put in the dataset's stored form (face-aligned when the
 * dataset is), embedded by the current network in the training worker, and compared with the latest evaluation's
 * held-out images: its nearest identities, and a same / different verdict against a chosen identity at the
 * threshold of the evaluation's threshold explorer, with that threshold's FAR and TAR on the held-out pairs.
 */
import { errorText } from '../common/errorText';
import { statsAtThreshold, type ThresholdStats } from '../evaluation';
import {
  nearestIdentities,
  probeDistances,
  verdictAgainst,
  type IdentityMatch,
  type Verdict,
} from '../evaluation/probeMatch';
import type { EvaluationRecord } from './evaluation';
import { createStore } from './store';

/** Identities listed under the photo. */
export const SHOWN_MATCHES = 5;

export interface TryFaceState {
  status: 'idle' | 'preparing' | 'embedding' | 'done' | 'error';
  message: string | null;
  /** The photo in stored form ([size, size, channels] uint8), shown beside the matches. */
  probe: { pixels: Uint8Array; size: number; channels: 1 | 3; name: string } | null;
  /** Every held-out identity by its closest image, nearest first (the first SHOWN_MATCHES are shown). */
  matches: IdentityMatch[];
  /** The evaluation the matches were measured against (its images, pairs and threshold). */
  record: EvaluationRecord | null;
  /** Step of the network that embedded the photo. */
  step: number | null;
  /** The identity the verdict is about (default: the nearest). */
  chosen: number | null;
}

export interface TryFaceDeps {
  /** The training worker, or null before it is ready. */
  worker(): { embedProbe(pixels: Uint8Array): Promise<{ embedding: Float32Array; step: number }> } | null;
  /** The latest evaluation, or null before the first. */
  evaluation(): EvaluationRecord | null;
  /** Puts a photo file in the dataset's stored form; rejects with a message that says why it cannot. */
  prepare(photo: Blob, name: string): Promise<{ pixels: Uint8Array; size: number; channels: 1 | 3 }>;
}

const INITIAL: TryFaceState = {
  status: 'idle',
  message: null,
  probe: null,
  matches: [],
  record: null,
  step: null,
  chosen: null,
};

/** The verdict against `identity` and what the threshold means on the held-out pairs (the explorer's readout). */
export function verdictAt(
  state: Pick<TryFaceState, 'matches' | 'record'>,
  identity: number,
  threshold: number,
): { verdict: Verdict; stats: ThresholdStats } | null {
  if (!state.record || !state.matches.some((m) => m.identity === identity)) return null;
  const v = state.record.result.verification;
  return {
    verdict: verdictAgainst(state.matches, identity, threshold),
    stats: statsAtThreshold(v.distances, v.pairs.same, threshold),
  };
}

export function createTryFace(deps: TryFaceDeps) {
  const store = createStore<TryFaceState>(INITIAL);
  const patch = (p: Partial<TryFaceState>) => store.set((s) => ({ ...s, ...p }));
  let ticket = 0;

  /** Embeds a photo already in stored form and ranks the held-out identities by distance to it. */
  async function tryPixels(probe: NonNullable<TryFaceState['probe']>): Promise<void> {
    const mine = ++ticket;
    const record = deps.evaluation();
    const client = deps.worker();
    if (!record)
      return patch({
        status: 'error',
        message: 'Evaluate first: a photo is compared with the held-out identities of the latest evaluation.',
      });
    if (!client) return patch({ status: 'error', message: 'The training worker is not ready yet.' });
    patch({ status: 'embedding', message: null, probe });
    try {
      const { embedding, step } = await client.embedProbe(probe.pixels);
      if (mine !== ticket) return;
      const e = record.embeddings;
      const matches = nearestIdentities(probeDistances(embedding, e, record.result.distance), e.labels);
      const message =
        step === record.step
          ? null
          : `The network is at step ${step} but the evaluation at step ${record.step}: evaluate again so that the photo and the held-out images come from the same network.`;
      patch({ status: 'done', message, matches, record, step, chosen: matches[0]?.identity ?? null });
    } catch (e) {
      if (mine === ticket) patch({ status: 'error', message: `Could not embed the photo: ${errorText(e)}` });
    }
  }

  return {
    store,
    tryPixels,
    /** A dropped, picked or snapped photo: prepared in the dataset's stored form first. */
    async tryPhoto(photo: Blob, name: string): Promise<void> {
      const mine = ++ticket;
      patch({ status: 'preparing', message: null });
      let prepared;
      try {
        prepared = await deps.prepare(photo, name);
      } catch (e) {
        if (mine === ticket) patch({ status: 'error', message: `${name}: ${errorText(e)}` });
        return;
      }
      if (mine === ticket) await tryPixels({ ...prepared, name });
    },
    choose(identity: number): void {
      patch({ chosen: identity });
    },
    clear(): void {
      ticket++;
      store.set(() => INITIAL);
    },
  };
}

export type TryFace = ReturnType<typeof createTryFace>;
