/**
 * The census, step by step: easy / semi-hard / hard triplets of the population (all valid triplets of the batch) and
 * of the miner's selection, as stacked areas of counts or shares; dotted lines where the margin or the loss changed.
 * The legend states the three inequalities; colours are Okabe–Ito's (colour-blind safe) with a shape for each class.
 */
import { useMemo, useState } from 'react';
import type { HistoryRow } from '../../state/history';
import { StreamChart, type Series } from '../charts/StreamChart';
import { Panel } from '../Panel';
import { CENSUS_COLORS } from '../censusPalette';
import { useLabThrottled } from '../useLab';

type Part = 'population' | 'selection';
const CLASSES = [
  { key: 'hard', name: 'hard', color: CENSUS_COLORS.hard },
  { key: 'semiHard', name: 'semi-hard', color: CENSUS_COLORS.semiHard },
  { key: 'easy', name: 'easy', color: CENSUS_COLORS.easy },
] as const;

function censusSeries(part: Part, shares: boolean): Series[] {
  return CLASSES.map((c) => ({
    name: c.name,
    value: (row: HistoryRow) => {
      const census = row[part];
      const n = census[c.key];
      return shares ? (census.total > 0 ? n / census.total : 0) : n;
    },
    style: { stackgroup: 'one', line: { color: c.color, width: 0.5 }, fillcolor: c.color },
  }));
}

export function CensusPanel({ height }: { height?: number }) {
  const [shares, setShares] = useState(false);
  // T is a constant for P×K batches (a flat line tells nothing): a number, drawn only when it varies.
  const totals = useLabThrottled((s) => s.training.last?.stats.population.total ?? null, 1000);
  const population = useMemo(() => censusSeries('population', shares), [shares]);
  const selection = useMemo(() => censusSeries('selection', shares), [shares]);
  const yTitle = useMemo(() => ({ yaxis: { title: { text: shares ? 'share' : 'triplets' }, rangemode: 'tozero' as const } }), [shares]);
  return (
    <Panel id="census" title="Census">
      <p className="census-legend" data-testid="census-legend">
        <span className="census-key census-hard">▲ hard: d(a,n) &lt; d(a,p)</span>{' '}
        <span className="census-key census-semi">◆ semi-hard: d(a,p) ≤ d(a,n) &lt; d(a,p) + m</span>{' '}
        <span className="census-key census-easy">● easy: d(a,n) ≥ d(a,p) + m</span>
      </p>
      <div className="census-options">
        <label className="toggle">
          <input type="checkbox" checked={shares} onChange={(e) => setShares(e.target.checked)} /> shares instead of counts
        </label>
        {totals !== null && (
          <span className="hint" data-testid="census-total">
            T = {totals.toLocaleString()} valid triplets in the last batch
          </span>
        )}
      </div>
      <StreamChart key={`p${shares}`} title="Population: all valid triplets of the batch" series={population} layout={yTitle} testId="census-population" height={height} />
      <StreamChart key={`s${shares}`} title="Selection: the triplets the miner chose" series={selection} layout={yTitle} testId="census-selection" height={height} />
    </Panel>
  );
}
