/**
 * Positive and negative pair distances as overlaid histograms with a threshold line; the slider under the plot moves
 * the threshold and TAR, FAR and accuracy at that threshold update live (O(pairs) per move).
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ThresholdStats, Verification } from '../../../evaluation';
import { chartTheme } from '../../charts/chartTheme';
import { baseLayout, loadPlotly, PLOT_CONFIG } from '../../charts/plotly';
import { useThemeKey } from '../../theme';
import { yieldToEventLoop } from '../../../common/schedule';
import { count, fixed, percent } from './format';

const BINS = 50;
/** Slider positions across the distance range. */
export const SLIDER_STEPS = 400;

function histograms(verification: Verification, max: number) {
  const pos = new Array<number>(BINS).fill(0);
  const neg = new Array<number>(BINS).fill(0);
  const { distances, pairs } = verification;
  for (let p = 0; p < distances.length; p++) {
    const bin = Math.min(BINS - 1, Math.floor(((distances[p] as number) / max) * BINS));
    const h = pairs.same[p] ? pos : neg;
    h[bin] = (h[bin] as number) + 1;
  }
  const share = (h: number[], n: number) => h.map((v) => v / Math.max(n, 1));
  return { pos: share(pos, verification.positives), neg: share(neg, verification.negatives) };
}

export function ThresholdExplorer({
  verification,
  max,
  at,
  onThreshold,
}: {
  verification: Verification;
  /** Upper end of the distance axis. */
  max: number;
  at: ThresholdStats;
  onThreshold: (t: number) => void;
}) {
  const div = useRef<HTMLDivElement>(null);
  const bars = useMemo(() => histograms(verification, max), [verification, max]);
  const theme = useThemeKey();
  useEffect(() => {
    let alive = true;
    void loadPlotly().then(async (Plotly) => {
      await yieldToEventLoop();
      if (!alive || !div.current) return;
      const x = Array.from({ length: BINS }, (_, i) => ((i + 0.5) * max) / BINS);
      const t = chartTheme();
      void Plotly.react(
        div.current,
        [
          { type: 'bar', name: `same identity (${count(verification.positives)})`, x, y: bars.pos, marker: { color: t.positive }, opacity: 0.7 },
          { type: 'bar', name: `different (${count(verification.negatives)})`, x, y: bars.neg, marker: { color: t.negative }, opacity: 0.6 },
        ],
        {
          ...baseLayout('Pair distances and the threshold', { height: 300 }, t),
          legend: { x: 0.98, xanchor: 'right', y: 0.98, yanchor: 'top', bgcolor: t.background },
          barmode: 'overlay',
          bargap: 0,
          xaxis: { title: { text: 'distance' }, range: [0, max] },
          yaxis: { title: { text: 'share of pairs' } },
          shapes: [{ type: 'line', x0: at.threshold, x1: at.threshold, yref: 'paper', y0: 0, y1: 1, line: { color: t.ink, width: 3 } }],
          annotations: [{ x: at.threshold, yref: 'paper', y: 1, text: `accept d ≤ ${at.threshold.toFixed(3)}`, showarrow: false, xanchor: at.threshold > max / 2 ? 'right' : 'left', yanchor: 'bottom', font: { size: t.fontSize } }],
        },
        PLOT_CONFIG,
      );
    });
    return () => {
      alive = false;
    };
  }, [bars, max, verification, at.threshold, theme]);
  return (
    <div className="eval-threshold">
      <div ref={div} className="chart eval-chart" data-testid="eval-histogram" />
      <label className="eval-slider">
        <span>threshold</span>
        <input
          type="range"
          data-testid="eval-threshold"
          min={0}
          max={max}
          step={max / SLIDER_STEPS}
          value={at.threshold}
          onChange={(e) => onThreshold(Number(e.target.value))}
          aria-valuetext={`accept pairs closer than ${at.threshold.toFixed(3)}`}
        />
      </label>
      <dl className="eval-readout" data-testid="eval-threshold-stats" data-tar={at.tar} data-far={at.far} data-accuracy={at.accuracy}>
        <div>
          <dt>TAR</dt>
          <dd>{percent(at.tar)}</dd>
        </div>
        <div>
          <dt>FAR</dt>
          <dd>{percent(at.far, 2)}</dd>
        </div>
        <div>
          <dt>accuracy</dt>
          <dd>{percent(at.accuracy)}</dd>
        </div>
        <div>
          <dt>threshold</dt>
          <dd>{fixed(at.threshold)}</dd>
        </div>
      </dl>
    </div>
  );
}
