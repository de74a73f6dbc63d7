import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { lloyd } from './lloyd';
import type { LloydOptions, LloydResult, LloydTick } from './lloyd';
import { rowNormsSquared } from './vectors';

function drain(data: Float32Array, dim: number, init: number[], opts: LloydOptions): { r: LloydResult; ticks: LloydTick[] } {
  const gen = lloyd(data, dim, rowNormsSquared(data, dim), Float64Array.from(init), opts);
  const ticks: LloydTick[] = [];
  for (;;) {
    const s = gen.next();
    if (s.done) return { r: s.value, ticks };
    ticks.push(s.value);
  }
}

describe('lloyd', () => {
  // A near x = 0, B near x = 10, one outlier at x = 30; the third centre starts far from everything.
  const data = Float32Array.from([0, 0, 0.2, 0, 0.4, 0, 10, 0, 10.2, 0, 30, 0]);
  const init = [0, 0, 10, 0, 100, 100];

  for (const bounds of [true, false]) {
    it(`re-seeds an empty cluster with the point farthest from its centre (bounds: ${bounds})`, () => {
      const { r, ticks } = drain(data, 2, init, { maxIter: 50, tolAbs: 0, spherical: false, bounds });
      // iteration 1: labels [0,0,0,1,1,1]; centre 2 is empty and takes the outlier (20 from centre 1),
      // whose coordinates leave centre 1's mean: centre 1 = (10.1, 0)
      expect(ticks.find((t) => t.kind === 'iteration')).toMatchObject({ iteration: 1, moved: 6 });
      expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 2]);
      expect(Array.from(r.centers).map((v) => +v.toFixed(6))).toEqual([0.2, 0, 10.1, 0, 30, 0]);
      // Σ squared distances: A 0.04·2, B 0.01·2, outlier 0
      expect(r.inertia).toBeCloseTo(0.1, 5);
      expect(r.converged).toBe(true);
      expect(r.iterations).toBe(2); // 1: relocate; 2: the outlier moves, no centre shifts (≤ tol 0): stop
    });
  }

  it("Hamerly's re-check of the assigned centre changes only how many points are searched", () => {
    const rng = createRng(9);
    const x = Float32Array.from({ length: 800 * 16 }, () => rng.normal());
    const start = Array.from(x.subarray(0, 12 * 16));
    const run = (tighten: boolean) => drain(x, 16, start, { maxIter: 60, tolAbs: 0, spherical: false, bounds: true, tighten });
    const a = run(true).r;
    const b = run(false).r;
    const plain = drain(x, 16, start, { maxIter: 60, tolAbs: 0, spherical: false, bounds: false }).r;
    for (const r of [b, plain]) {
      expect(Array.from(r.labels)).toEqual(Array.from(a.labels));
      expect(r.iterations).toBe(a.iterations);
      expect(r.inertia).toBeCloseTo(a.inertia, 9);
    }
  });

  it('spherical: centres stay on the unit sphere', () => {
    const s = Math.SQRT1_2;
    const unit = Float32Array.from([1, 0, s, s, 0, 1, -1, 0, -s, -s]);
    const { r } = drain(unit, 2, [1, 0, -1, 0], { maxIter: 10, tolAbs: 0, spherical: true, bounds: true });
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1]);
    for (let j = 0; j < 2; j++) expect(Math.hypot(r.centers[2 * j]!, r.centers[2 * j + 1]!)).toBeCloseTo(1, 12);
    // centre 0 = normalised mean of (1,0), (s,s), (0,1): direction (1,1)
    expect(r.centers[0]).toBeCloseTo(s, 6);
    expect(r.centers[1]).toBeCloseTo(s, 6);
  });
});
