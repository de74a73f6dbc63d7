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

const cell = { padding: '0.15rem 0.5rem', textAlign: 'left' as const, fontSize: 13 };

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
    <table data-testid="band-legend" style={{ borderCollapse: 'collapse', marginTop: '0.25rem' }}>
      <caption style={{ ...cell, captionSide: 'top' }}>
        ● the anchor a at 0; <span style={{ color: POSITIVE_COLOR }}>{SHAPE_GLYPHS.square}</span> its positives (filled:
        the positive p shown); each negative n classed against p; the band [d(a,p), d(a,p) + m) shaded.
      </caption>
      <thead>
        <tr>
          <th scope="col" style={cell}>
            class
          </th>
          <th scope="col" style={cell}>
            rule
          </th>
          <th scope="col" style={cell}>
            this positive
          </th>
          <th scope="col" style={cell} title={`every (a, p, n) of this anchor: ${positives} positives × the negatives`}>
            all {positives} positives
          </th>
        </tr>
      </thead>
      <tbody>
        {RULES.map(({ kind, words, symbols }) => (
          <tr key={kind}>
            <th scope="row" style={{ ...cell, whiteSpace: 'nowrap' }}>
              <span aria-hidden="true" style={{ color: CENSUS_COLORS[kind] }}>
                {SHAPE_GLYPHS[CENSUS_SHAPES[kind]]}
              </span>{' '}
              {CENSUS_LABELS[kind]}
            </th>
            <td style={cell}>
              <code>{symbols}</code>: {words}
            </td>
            <td style={cell} data-testid={`band-count-${kind}`} data-value={counts[kind]}>
              {counts[kind]}
            </td>
            <td style={cell} data-testid={`band-all-${kind}`} data-value={allCounts[kind]}>
              {allCounts[kind]}
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row" style={cell}>
            total
          </th>
          <td style={cell}>every negative of the batch</td>
          <td style={cell} data-testid="band-count-total" data-value={counts.total}>
            {counts.total}
          </td>
          <td style={cell} data-testid="band-all-total" data-value={allCounts.total}>
            {allCounts.total}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
