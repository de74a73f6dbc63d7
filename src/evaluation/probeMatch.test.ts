import { describe, expect, it } from 'vitest';
import { pairDistances, verificationPairs } from './pairs';
import { nearestIdentities, probeDistances, verdictAgainst } from './probeMatch';
import { statsAtThreshold } from './threshold';

/** Six 2-D embeddings of three identities, on the unit circle at hand-chosen angles (degrees). */
const ANGLES = [0, 10, 90, 100, 180, 200];
const gallery = {
  embeddings: Float32Array.from(ANGLES.flatMap((a) => [Math.cos((a * Math.PI) / 180), Math.sin((a * Math.PI) / 180)])),
  dim: 2,
  labels: Int32Array.from([0, 0, 1, 1, 2, 2]),
};

describe('try a face against the gallery', () => {
  it('ranks identities by their closest image (hand-computed chords)', () => {
    // Probe at 30°: chord to an image at a° is 2 sin(|30 − a| / 2).
    const probe = Float32Array.from([Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)]);
    const m = nearestIdentities(probeDistances(probe, gallery, 'euclidean'), gallery.labels);
    const chord = (deg: number) => 2 * Math.sin((deg * Math.PI) / 360);
    expect(m.map((x) => [x.identity, x.row])).toEqual([
      [0, 1],
      [1, 2],
      [2, 4],
    ]);
    [chord(20), chord(60), chord(150)].forEach((d, i) => expect(m[i]!.distance).toBeCloseTo(d, 6));
    const cos = nearestIdentities(probeDistances(probe, gallery, 'cosine'), gallery.labels);
    expect(cos[0]!.distance).toBeCloseTo(1 - Math.cos(Math.PI / 9), 6);
  });

  it('a gallery image as the probe finds its own identity first at distance 0, and its verdicts match the pair statistics', () => {
    const pairs = verificationPairs(gallery.labels, { seed: 1 });
    const distances = pairDistances(gallery.embeddings, gallery.dim, pairs, 'euclidean');
    let checked = 0;
    for (let q = 0; q < 6; q++) {
      const probe = gallery.embeddings.slice(q * 2, q * 2 + 2);
      const d = probeDistances(probe, gallery, 'euclidean');
      const m = nearestIdentities(d, gallery.labels);
      expect(m[0]).toEqual({ identity: gallery.labels[q], distance: 0, row: q });
      // Every pair (q, j) the explorer scores is accepted by it exactly when the probe's distance to j is ≤ t.
      for (let p = 0; p < pairs.a.length; p++) {
        if (pairs.a[p] !== q) continue;
        const j = pairs.b[p] as number;
        expect(d[j]).toBe(distances[p]);
        checked++;
        for (const t of [0.1, 0.5, 1.2]) {
          const explorer = statsAtThreshold(Float64Array.of(distances[p]!), Uint8Array.of(1), t).tar === 1;
          const only = {
            embeddings: gallery.embeddings.slice(j * 2, j * 2 + 2),
            dim: 2,
            labels: Int32Array.of(gallery.labels[j]!),
          };
          expect(
            verdictAgainst(
              nearestIdentities(probeDistances(probe, only, 'euclidean'), only.labels),
              gallery.labels[j]!,
              t,
            ).same,
          ).toBe(explorer);
        }
      }
    }
    expect(checked).toBe(pairs.a.length);
  });

  it('says same within the threshold and different beyond it, with clear errors', () => {
    const probe = Float32Array.from([1, 0]);
    const m = nearestIdentities(probeDistances(probe, gallery, 'euclidean'), gallery.labels);
    expect(verdictAgainst(m, 1, 1.5)).toMatchObject({ identity: 1, same: true });
    expect(verdictAgainst(m, 1, 1.4)).toMatchObject({ same: false });
    expect(() => verdictAgainst(m, 7, 1)).toThrow('Identity 7 has no held-out images');
    expect(() => probeDistances(Float32Array.of(1, 0, 0), gallery, 'euclidean')).toThrow(
      '3 dimensions but the gallery 2',
    );
  });
});
