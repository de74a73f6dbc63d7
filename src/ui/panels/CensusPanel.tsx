/**
 * The census, step by step: easy / semi-hard / hard triplets of the population (all valid triplets of the batch) and
 * of the miner's selection, as stacked areas of counts or shares; T per step; dotted lines where the margin or the
 * loss changed.
 */
import { useMemo, useState } from 'react';
import type { HistoryRow } from '../../state/history';
import { StreamChart, type Series } from '../charts/StreamChart';
import { Panel } from '../Panel';

type Part = 'population' | 'selection';
const CLASSES = [
  { key: 'hard', name: 'hard', color: '#d1402f' },
  { key: 'semiHard', name: 'semi-hard', color: '#e0a526' },
  { key: 'easy', name: 'easy', color: '#3a9d5d' },
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

export function CensusPanel() {
  const [shares, setShares] = useState(false);
  const population = useMemo(() => censusSeries('population', shares), [shares]);
  const selection = useMemo(() => censusSeries('selection', shares), [shares]);
  const yTitle = useMemo(() => ({ yaxis: { title: { text: shares ? 'share' : 'triplets' }, rangemode: 'tozero' as const } }), [shares]);
  return (
    <Panel id="census" title="Census">
      <label className="toggle">
        <input type="checkbox" checked={shares} onChange={(e) => setShares(e.target.checked)} /> show shares instead of counts
      </label>
      <StreamChart key={`p${shares}`} title="Population: all valid triplets of the batch" series={population} layout={yTitle} testId="census-population" />
      <StreamChart key={`s${shares}`} title="Selection: the triplets the miner chose" series={selection} layout={yTitle} testId="census-selection" />
      <StreamChart title="T: valid triplets per batch" series={TOTAL} testId="census-total" />
    </Panel>
  );
}

const TOTAL: Series[] = [{ name: 'T', value: (r) => r.population.total, style: { line: { color: '#444' } } }];
