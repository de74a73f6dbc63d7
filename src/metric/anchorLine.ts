/**
 * One anchor of a batch on a number line of distances (the lesson's margin band): its positives and negatives with
 * d(a,·), each negative's class against one chosen positive, and the census of this anchor's triplets. Plain float64
 * JavaScript over rows read back from the backend (no tfjs), so a page can re-class live while the margin is dragged.
 * The row distance and the class rule are inspect.ts's, the ones the triplet inspector and the e2e recompute use.
 */
import type { DistanceName } from './distance';
import { classify, distance, type TripletClass } from './inspect';

export interface LinePoint {
  /** Position of the image in the batch. */
  index: number;
  /** d(anchor, index). */
  distance: number;
}

export interface LineNegative extends LinePoint {
  /** Class of the triplet (anchor, chosen positive, this negative); null when the anchor has no positive. */
  kind: TripletClass | null;
}

export interface BandCounts {
  hard: number;
  semiHard: number;
  easy: number;
  total: number;
}

/** The anchor's distances, independent of the margin: compute once per batch and anchor. */
export interface AnchorDistances {
  anchor: number;
  /** Sorted by distance, nearest first. */
  positives: LinePoint[];
  /** Sorted by distance, nearest first. */
  negatives: LinePoint[];
}

export interface AnchorLine extends AnchorDistances {
  /** Batch position of the chosen positive; -1 when the anchor has none. */
  positive: number;
  /** d(anchor, chosen positive); NaN when the anchor has none. */
  apDist: number;
  margin: number;
  negatives: LineNegative[];
  /** Census of (anchor, chosen positive, every negative). */
  counts: BandCounts;
  /** Census of every (anchor, positive, negative) of this anchor: (k_a − 1)(B − k_a) triplets. */
  allCounts: BandCounts;
}

const byDistance = (x: LinePoint, y: LinePoint) => x.distance - y.distance || x.index - y.index;

/**
 * d(anchor, j) for every other image of the batch, split by identity.
 * @param embeddings [B][D] rows (normalised when the loss normalises)
 * @param labels [B] identity labels
 */
export function anchorDistances(
  embeddings: readonly (readonly number[])[],
  labels: readonly number[],
  anchor: number,
  dist: DistanceName,
): AnchorDistances {
  const a = embeddings[anchor];
  if (!a) throw new RangeError(`anchor ${anchor} is outside the batch of ${embeddings.length}`);
  const positives: LinePoint[] = [];
  const negatives: LinePoint[] = [];
  for (let j = 0; j < labels.length; j++) {
    if (j === anchor) continue;
    const point = { index: j, distance: distance(a, embeddings[j] as number[], dist) };
    (labels[j] === labels[anchor] ? positives : negatives).push(point);
  }
  return { anchor, positives: positives.sort(byDistance), negatives: negatives.sort(byDistance) };
}

/** Batch hard's positive (Hermans et al. 2017): the farthest one, the lowest index on a tie; -1 when none. */
export function hardestPositive(line: AnchorDistances): number {
  let best: LinePoint | undefined;
  for (const p of line.positives) if (!best || p.distance > best.distance) best = p;
  return best ? best.index : -1;
}

/** Number of entries of `sorted` (ascending) strictly below `x`. */
function countBelow(sorted: readonly LinePoint[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as LinePoint).distance < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The census of one positive against the sorted negatives, by two binary searches (metric-learning.md): hard are
 * those with d(a,n) < d(a,p), hard + semi-hard those with d(a,n) < d(a,p) + m, the rest easy. `ap + margin` is the
 * very float64 expression `classify` compares with, so both agree at the band's edges.
 */
function countsFor(negatives: readonly LinePoint[], ap: number, margin: number): BandCounts {
  const hard = countBelow(negatives, ap);
  const active = countBelow(negatives, ap + margin);
  return { hard, semiHard: active - hard, easy: negatives.length - active, total: negatives.length };
}

const add = (x: BandCounts, y: BandCounts): BandCounts => ({
  hard: x.hard + y.hard,
  semiHard: x.semiHard + y.semiHard,
  easy: x.easy + y.easy,
  total: x.total + y.total,
});
const ZERO: BandCounts = { hard: 0, semiHard: 0, easy: 0, total: 0 };

/**
 * Classes and counts for a margin. Cheap (O(B + k log B)): call on every margin change.
 * @param positive batch position of the chosen positive; omitted or not a positive of the anchor: the hardest
 */
export function classifyLine(line: AnchorDistances, margin: number, positive?: number): AnchorLine {
  const chosen =
    line.positives.find((p) => p.index === positive) ?? line.positives.find((p) => p.index === hardestPositive(line));
  const ap = chosen ? chosen.distance : NaN;
  const negatives = line.negatives.map((n) => ({ ...n, kind: chosen ? classify(ap, n.distance, margin) : null }));
  const allCounts = line.positives.reduce((sum, p) => add(sum, countsFor(line.negatives, p.distance, margin)), ZERO);
  return {
    ...line,
    negatives,
    positive: chosen ? chosen.index : -1,
    apDist: ap,
    margin,
    counts: chosen ? countsFor(line.negatives, ap, margin) : ZERO,
    allCounts,
  };
}

/** One anchor's number line in one call (tests and the test hook; the component memoises the two halves). */
export function anchorLine(
  embeddings: readonly (readonly number[])[],
  labels: readonly number[],
  anchor: number,
  margin: number,
  dist: DistanceName,
  positive?: number,
): AnchorLine {
  return classifyLine(anchorDistances(embeddings, labels, anchor, dist), margin, positive);
}

/** Anchors scored by `defaultAnchor`: each costs B row distances, so a FaceNet-sized batch is sampled, not swept. */
const MAX_CANDIDATES = 128;

/**
 * The anchor to show first: the one whose line, with its hardest positive, shows the most classes at once, then the
 * most semi-hard negatives, then the lowest index. A band holding negatives is what teaches: dragging the margin
 * visibly moves them between semi-hard and easy, and a hard one beside them shows the third case. Anchor 0 would
 * often show a line of easy negatives only, where the margin seems to do nothing. Only the first 128 anchors with a
 * positive are scored. -1 when no anchor has a positive.
 */
export function defaultAnchor(
  embeddings: readonly (readonly number[])[],
  labels: readonly number[],
  margin: number,
  dist: DistanceName,
): number {
  let best = -1;
  let bestKinds = -1;
  let bestSemiHard = -1;
  let scored = 0;
  for (let a = 0; a < labels.length && scored < MAX_CANDIDATES; a++) {
    if (!labels.some((y, j) => j !== a && y === labels[a])) continue;
    scored++;
    const { counts } = anchorLine(embeddings, labels, a, margin, dist);
    const kinds = [counts.hard, counts.semiHard, counts.easy].filter((n) => n > 0).length;
    if (kinds > bestKinds || (kinds === bestKinds && counts.semiHard > bestSemiHard)) {
      best = a;
      bestKinds = kinds;
      bestSemiHard = counts.semiHard;
    }
  }
  return best;
}
