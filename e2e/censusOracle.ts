/**
 * An independent census for e2e checks: a plain float64 triple loop over the embeddings the lab reports, with the
 * spec's definitions (metric-learning.md). Float32 in the lab vs float64 here can disagree on a triplet that sits
 * within `tolerance` of a class boundary, so such triplets are counted as ambiguous and the comparison allows them.
 */
import { expect, type Page } from '@playwright/test';

export interface Census {
  easy: number;
  semiHard: number;
  hard: number;
  total: number;
}

export function distance(a: number[], b: number[], name: string): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  const sq = Math.max(na + nb - 2 * dot, 0);
  if (name === 'euclidean') return Math.sqrt(sq + 1e-12);
  if (name === 'squaredEuclidean') return sq;
  return 1 - dot / Math.sqrt(na * nb);
}

export function oracleCensus(embeddings: number[][], labels: number[], margin: number, name: string, tolerance = 1e-5) {
  const census: Census = { easy: 0, semiHard: 0, hard: 0, total: 0 };
  let ambiguous = 0;
  const B = labels.length;
  for (let a = 0; a < B; a++) {
    for (let p = 0; p < B; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      const ap = distance(embeddings[a]!, embeddings[p]!, name);
      for (let n = 0; n < B; n++) {
        if (labels[n] === labels[a]) continue;
        const an = distance(embeddings[a]!, embeddings[n]!, name);
        census.total++;
        if (Math.abs(an - ap) < tolerance || Math.abs(an - ap - margin) < tolerance) ambiguous++;
        if (an < ap) census.hard++;
        else if (an < ap + margin) census.semiHard++;
        else census.easy++;
      }
    }
  }
  return { census, ambiguous };
}

/** The census of the page's last batch equals the oracle's, up to boundary-ambiguous triplets. */
export async function expectCensusMatches(page: Page): Promise<void> {
  const batch = await page.evaluate(() => window.__lab.lastBatch());
  expect(batch).not.toBeNull();
  const { census, ambiguous } = oracleCensus(batch!.embeddings, batch!.labels, batch!.margin, batch!.distance);
  expect(batch!.population.total).toBe(census.total);
  expect(census.total).toBeGreaterThan(0);
  for (const key of ['easy', 'semiHard', 'hard'] as const) {
    expect(Math.abs(batch!.population[key] - census[key])).toBeLessThanOrEqual(ambiguous);
  }
  expect(batch!.population.easy + batch!.population.semiHard + batch!.population.hard).toBe(batch!.population.total);
}
