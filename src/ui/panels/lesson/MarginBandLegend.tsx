/**
 * The census legend beside the margin band: each class's inequality in words and symbols, its marker, and its count
 * for the shown positive and over every positive of the anchor. The counts carry data-value for the e2e recompute.
 */
import type { BandCounts } from '../../../metric/anchorLine';
import type { TripletClass } from '../../../metric/inspect';
import { CENSUS_COLORS, CENSUS_LABELS, CENSUS_SHAPES, POSITIVE_COLOR, SHAPE_GLYPHS } from '../../censusPalette';

const RULES: { kind: TripletClass; words: string; symbols: string }[] = [
  { kind: 'hard', words: 'the negative is nearer than the positive', symbols: 'd(a,n) < d(a,p)' },
  {
    kind: 'semiHard',
    words: 'farther than the positive, inside the margin',
    symbols: 'd(a,p) ≤ d(a,n) < d(a,p) + m',
  },
  { kind: 'easy', words: 'beyond the margin: zero loss', symbols: 'd(a,n) ≥ d(a,p) + m' },
];

export function MarginBandLegend({
  counts,
  allCounts,
  positives,
}: {
  counts: BandCounts;
  allCounts: BandCounts;
  positives: number;
}) {
  return (
    <table data-testid="band-legend" className="band-legend">
      <thead>
        <tr>
          <th scope="col">class (p: the positive shown)</th>
          <th scope="col">this p</th>
          <th scope="col">all {positives} positives</th>
        </tr>
      </thead>
      <tbody>
        {RULES.map(({ kind, words, symbols }) => (
          <tr key={kind}>
            <th scope="row">
              <span aria-hidden="true" style={{ color: CENSUS_COLORS[kind] }}>
                {SHAPE_GLYPHS[CENSUS_SHAPES[kind]]}
              </span>{' '}
              {CENSUS_LABELS[kind]} <code>{symbols}</code>
              <span className="visually-hidden">: {words}</span>
            </th>
            <td data-testid={`band-count-${kind}`} data-value={counts[kind]}>
              {counts[kind]}
            </td>
            <td data-testid={`band-all-${kind}`} data-value={allCounts[kind]}>
              {allCounts[kind]}
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row">
            <span style={{ color: POSITIVE_COLOR }}>{SHAPE_GLYPHS.square}</span> total (every negative)
          </th>
          <td data-testid="band-count-total" data-value={counts.total}>
            {counts.total}
          </td>
          <td data-testid="band-all-total" data-value={allCounts.total}>
            {allCounts.total}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
