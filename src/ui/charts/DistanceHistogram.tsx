/**
 * Live d_ap and d_an histograms of the current batch, with the margin drawn: positives left of the negatives by at
 * least m means easy triplets. Redrawn (Plotly.react on 40 bars) each step; cheap next to a training step.
 */
import { useEffect, useRef } from 'react';
import { HISTOGRAM_BINS, type StepStats } from '../../metric';
import { useInView } from '../useInView';
import { baseLayout, loadPlotly, PLOT_CONFIG } from './plotly';

export function DistanceHistogram({ stats }: { stats: StepStats | null }) {
  const div = useRef<HTMLDivElement>(null);
  // Scrolled away, the chart is not redrawn; it catches up with the latest batch when it comes back.
  const inView = useInView(div);
  useEffect(() => {
    if (!stats || !inView) return;
    let alive = true;
    void loadPlotly().then((Plotly) => {
      if (!alive || !div.current) return;
      const width = stats.histogramMax / HISTOGRAM_BINS;
      const x = Array.from({ length: HISTOGRAM_BINS }, (_, i) => (i + 0.5) * width);
      const share = (h: number[]) => {
        const total = h.reduce((a, b) => a + b, 0) || 1;
        return h.map((v) => v / total);
      };
      void Plotly.react(
        div.current,
        [
          { type: 'bar', name: 'd(a,p) positives', x, y: share(stats.apHistogram), marker: { color: '#2f6fd1' }, opacity: 0.7 },
          { type: 'bar', name: 'd(a,n) negatives', x, y: share(stats.anHistogram), marker: { color: '#d1402f' }, opacity: 0.6 },
        ],
        {
          ...baseLayout('Distances in this batch'),
          barmode: 'overlay',
          xaxis: { title: { text: 'distance' }, range: [0, stats.histogramMax] },
          yaxis: { title: { text: 'share of pairs' } },
          shapes: [
            { type: 'line', x0: stats.apMean, x1: stats.apMean, yref: 'paper', y0: 0, y1: 1, line: { color: '#2f6fd1', dash: 'dot' } },
            { type: 'line', x0: stats.apMean + stats.margin, x1: stats.apMean + stats.margin, yref: 'paper', y0: 0, y1: 1, line: { color: '#222', dash: 'dash' } },
          ],
          annotations: [{ x: stats.apMean + stats.margin, yref: 'paper', y: 1, text: 'mean d(a,p) + m', showarrow: false, xanchor: 'left' }],
        },
        PLOT_CONFIG,
      );
    });
    return () => {
      alive = false;
    };
  }, [stats, inView]);
  return <div ref={div} className="chart" data-testid="distance-histogram" />;
}
