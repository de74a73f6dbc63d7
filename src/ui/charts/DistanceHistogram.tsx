/**
 * Live d_ap and d_an histograms of the current batch, with the margin drawn: positives left of the negatives by at
 * least m means easy triplets. Redrawn (Plotly.react on 40 bars) when the batch it is given changes (the curves
 * panel hands it one a second), only while on screen. The empty frame is drawn when it mounts, so the first
 * training redraw is an update, not a new plot.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import { HISTOGRAM_BINS, type StepStats } from '../../metric/statsLayout';
import { useThemeKey } from '../theme';
import { useInView } from '../useInView';
import { afterPaint } from './afterPaint';
import { chartTheme, type ChartTheme } from './chartTheme';
import { baseLayout, loadPlotly, PLOT_CONFIG } from './plotly';

/** Euclidean and cosine distances of normalised embeddings lie in [0, 2]: the frame before the first batch. */
const EMPTY_RANGE = 2;

const share = (h: number[]) => {
  const total = h.reduce((a, b) => a + b, 0) || 1;
  return h.map((v) => v / total);
};

function histogramFigure(stats: StepStats | null, theme: ChartTheme): { data: Data[]; layout: Partial<Layout> } {
  const max = stats?.histogramMax ?? EMPTY_RANGE;
  const width = max / HISTOGRAM_BINS;
  const x = Array.from({ length: HISTOGRAM_BINS }, (_, i) => (i + 0.5) * width);
  const empty = new Array<number>(HISTOGRAM_BINS).fill(0);
  const data: Data[] = [
    {
      type: 'bar',
      name: 'd(a,p) positives',
      x,
      y: stats ? share(stats.apHistogram) : empty,
      marker: { color: theme.positive },
      opacity: 0.7,
    },
    {
      type: 'bar',
      name: 'd(a,n) negatives',
      x,
      y: stats ? share(stats.anHistogram) : empty,
      marker: { color: theme.negative },
      opacity: 0.6,
    },
  ];
  const layout: Partial<Layout> = {
    ...baseLayout('Distances in this batch', {
      xaxis: { title: { text: 'distance' }, range: [0, max] },
      yaxis: { title: { text: 'share of pairs' } },
    }, theme),
    barmode: 'overlay',
    // Inside, top right, where distances rarely reach: below the plot it would cover the axis title.
    legend: { x: 0.99, xanchor: 'right', y: 0.85, yanchor: 'top', bgcolor: theme.background },
  };
  if (!stats) return { data, layout };
  const edge = stats.apMean + stats.margin;
  layout.shapes = [
    // The margin band: negatives inside it are semi-hard for a positive at the mean d(a,p).
    { type: 'rect', x0: stats.apMean, x1: edge, yref: 'paper', y0: 0, y1: 1, fillcolor: 'rgba(230, 159, 0, 0.15)', line: { width: 0 } },
    {
      type: 'line',
      x0: stats.apMean,
      x1: stats.apMean,
      yref: 'paper',
      y0: 0,
      y1: 1,
      line: { color: theme.positive, dash: 'dot' },
    },
    { type: 'line', x0: edge, x1: edge, yref: 'paper', y0: 0, y1: 1, line: { color: theme.ink, dash: 'dash' } },
  ];
  layout.annotations = [{ x: edge, yref: 'paper', y: 1, text: 'mean d(a,p) + m', showarrow: false, xanchor: 'left' }];
  return { data, layout };
}

export function DistanceHistogram({ stats, height, testId = 'distance-histogram' }: { stats: StepStats | null; height?: number; testId?: string }) {
  const div = useRef<HTMLDivElement>(null);
  // Scrolled away, the chart is not redrawn; it catches up with the latest batch when it comes back.
  const inView = useInView(div);
  const theme = useThemeKey();
  useEffect(() => {
    if (!inView) return;
    let alive = true;
    void loadPlotly().then((Plotly) =>
      // In a frame of its own, as the streaming charts redraw (afterPaint); a newer batch or theme takes the place of
      // a redraw still waiting.
      afterPaint(() => {
        if (!alive || !div.current) return;
        const { data, layout } = histogramFigure(stats, chartTheme());
        void Plotly.react(div.current, data, height ? { ...layout, height } : layout, PLOT_CONFIG);
      }, div),
    );
    return () => {
      alive = false;
    };
  }, [stats, inView, height, theme]);
  return <div ref={div} className="chart" style={height ? { minHeight: height } : undefined} data-testid={testId} />;
}
