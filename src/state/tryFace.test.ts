import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { evaluateEmbeddings, statsAtThreshold } from '../evaluation';
import type { EvaluationRecord } from './evaluation';
import { createTryFace, verdictAt } from './tryFace';

/** 4 identities × 5 images of 8-D unit vectors scattered around one centre per identity. */
async function record(step: number): Promise<EvaluationRecord> {
  const rng = createRng(4);
  const dim = 8;
  const centres = Array.from({ length: 4 }, () => Array.from({ length: dim }, () => rng.normal()));
  const labels = Int32Array.from({ length: 20 }, (_, i) => Math.floor(i / 5));
  const embeddings = new Float32Array(20 * dim);
  for (let i = 0; i < 20; i++) {
    const v = centres[labels[i]!]!.map((c) => c + 0.6 * rng.normal());
    const n = Math.hypot(...v);
    v.forEach((x, d) => (embeddings[i * dim + d] = x / n));
  }
  const result = await evaluateEmbeddings({ embeddings, dim, labels }, { distance: 'euclidean', seed: 1 });
  return {
    step,
    result,
    embeddings: { embeddings, dim, labels, images: Int32Array.from({ length: 20 }, (_, i) => 100 + i) },
    dataset: { kind: 'mnist', resolution: 32, channels: 1 },
    ms: 0,
    tta: null,
  };
}

const probe = { pixels: new Uint8Array(4), size: 2, channels: 1 as const, name: 'probe.png' };

describe('try a face', () => {
  it('finds a held-out image’s own identity first, and its verdicts read as the threshold explorer’s pairs', async () => {
    const r = await record(7);
    const dim = r.embeddings.dim;
    const q = 7; // identity 1
    const tryFace = createTryFace({
      worker: () => ({
        embedProbe: async () => ({ embedding: r.embeddings.embeddings.slice(q * dim, (q + 1) * dim), step: 7 }),
      }),
      evaluation: () => r,
      prepare: async () => probe,
    });
    await tryFace.tryPixels(probe);
    const s = tryFace.store.get();
    expect(s).toMatchObject({ status: 'done', message: null, step: 7, chosen: 1 });
    expect(s.matches[0]).toEqual({ identity: 1, distance: 0, row: q });
    const v = r.result.verification;
    for (const t of [v.eerThreshold, 0.5, 1.0]) {
      for (let identity = 0; identity < 4; identity++) {
        // Oracle: the closest of the identity's images by a naive float64 loop, accepted when d ≤ t.
        let best = Infinity;
        for (let j = 0; j < 20; j++) {
          if (r.embeddings.labels[j] !== identity) continue;
          let sq = 0;
          for (let d = 0; d < dim; d++)
            sq += (r.embeddings.embeddings[q * dim + d]! - r.embeddings.embeddings[j * dim + d]!) ** 2;
          best = Math.min(best, Math.sqrt(sq));
        }
        const got = verdictAt(s, identity, t)!;
        expect(got.verdict.distance).toBeCloseTo(best, 6);
        expect(got.verdict.same).toBe(best <= t);
        expect(got.stats).toEqual(statsAtThreshold(v.distances, v.pairs.same, t));
      }
    }
  });

  it('says what is missing: an evaluation, the worker, a readable photo, the same step', async () => {
    const r = await record(3);
    let ready = false;
    const tryFace = createTryFace({
      worker: () =>
        ready ? { embedProbe: async () => ({ embedding: r.embeddings.embeddings.slice(0, 8), step: 9 }) } : null,
      evaluation: () => (ready ? r : null),
      prepare: async () => {
        throw new Error('no face found');
      },
    });
    await tryFace.tryPixels(probe);
    expect(tryFace.store.get().message).toBe(
      'Evaluate first: a photo is compared with the held-out identities of the latest evaluation.',
    );
    await tryFace.tryPhoto(new Blob(['x']), 'me.jpg');
    expect(tryFace.store.get()).toMatchObject({ status: 'error', message: 'me.jpg: no face found' });
    ready = true;
    await tryFace.tryPixels(probe);
    expect(tryFace.store.get().message).toContain('The network is at step 9 but the evaluation at step 3');
    expect(verdictAt(tryFace.store.get(), 42, 1)).toBeNull();
  });
});
