/**
 * Loss and health curves: loss and active fraction (Hermans et al. recommend watching the latter when mining is
 * hard) and the batch's distance histograms in the lesson view; embedding norm, learning rate and margin below it.
 */
import type { Layout } from 'plotly.js';
import { DistanceHistogram } from '../charts/DistanceHistogram';
import { StreamChart, type Overlay, type Series } from '../charts/StreamChart';
import { Panel } from '../Panel';
import { useLabThrottled } from '../useLab';
import { IMPORTED_TRACE } from '../../state/importedRun';
import { importedRun } from './export/importedRunStore';

const LOSS: Series[] = [
  { name: 'loss', value: (r) => r.loss, style: (t) => ({ line: { color: t.ink } }) },
  { name: 'active fraction', value: (r) => r.activeFraction, style: (t) => ({ yaxis: 'y2', line: { color: t.negative } }) },
];
const LOSS_LAYOUT: Partial<Layout> = {
  yaxis: { title: { text: 'loss' }, rangemode: 'tozero' },
  yaxis2: { title: { text: 'active' }, overlaying: 'y', side: 'right', range: [0, 1] },
};
/** The loss of a run imported from the training package (Export panel), beside the lab's. */
const IMPORTED_LOSS: Overlay = {
  name: IMPORTED_TRACE,
  value: (r) => r.loss,
  rows: () => importedRun.store.get().rows,
  subscribe: (listener) => {
    let rows = importedRun.store.get().rows;
    return importedRun.store.subscribe(() => {
      if (importedRun.store.get().rows === rows) return;
      rows = importedRun.store.get().rows;
      listener();
    });
  },
};
const SCALARS: Series[] = [
  { name: 'mean ‖f‖', value: (r) => r.meanNorm },
  { name: 'margin', value: (r) => r.margin },
  { name: 'mean d(a,p)', value: (r) => r.apMean },
  { name: 'mean d(a,n)', value: (r) => r.anMean },
  { name: 'learning rate ×100', value: (r) => r.learningRate * 100 },
];

/** The lesson view's curves: loss with the active fraction, and this batch's distances with the margin band. */
export function CurvesPanel({ height }: { height?: number }) {
  // The histogram follows training once a second, as the streaming charts do (a Plotly redraw is tens of ms).
  const stats = useLabThrottled((s) => s.training.last?.stats ?? null, 1000);
  return (
    <Panel id="curves" title="Loss & distances">
      <StreamChart title="Loss and active fraction" series={LOSS} layout={LOSS_LAYOUT} testId="chart-loss" height={height} overlay={IMPORTED_LOSS} />
      <DistanceHistogram stats={stats} height={height} />
    </Panel>
  );
}

/** Health below the lesson view: embedding norm, margin, mean distances and the scheduled learning rate. */
export function HealthPanel() {
  return (
    <Panel id="health" title="Norm, margin, distances, learning rate">
      <StreamChart title="Norm, margin, distances, learning rate" series={SCALARS} testId="chart-scalars" />
    </Panel>
  );
}
