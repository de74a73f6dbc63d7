/**
 * Plotly, loaded on first use so the shell paints before the chart library arrives. The lab draws only scatter and
 * bar traces, so it loads Plotly's basic bundle (scatter, bar, pie: 1.1 MB, 0.37 MB gzipped) instead of the full one
 * (4.6 MB, 1.4 MB gzipped). A custom bundle of plotly.js/lib/core with the bar trace measured 1.05 MB (0.36 MB
 * gzipped), not worth the source package's 259 dependencies; another trace type needs a larger bundle here.
 */
import type * as PlotlyTypes from 'plotly.js';
import { chartTheme, scaled, type ChartTheme } from './chartTheme';

export type Plotly = typeof PlotlyTypes;
let loading: Promise<Plotly> | null = null;
let gate: Promise<unknown> = Promise.resolve();

/** Charts load Plotly once `ready` settles, or after 15 s at the latest (the charts are empty before training). */
export function deferPlotlyUntil(ready: Promise<unknown>): void {
  gate = Promise.race([ready.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 15_000))]);
}

export function loadPlotly(): Promise<Plotly> {
  loading ??= gate.then(() => import('plotly.js-basic-dist-min')).then((m) => {
    const Plotly = (m as unknown as { default: Plotly }).default;
    warmUp(Plotly);
    return Plotly;
  });
  return loading;
}

/**
 * Draws and extends a throwaway chart (lines, stacked areas, bars) off screen while the page is idle, so the first
 * redraw once training runs does not pay for compiling Plotly's drawing code: that first redraw costs about three
 * times the later ones, a long task on a slow machine.
 */
function warmUp(Plotly: Plotly): void {
  const run = () => {
    const div = document.createElement('div');
    div.style.cssText = 'position:fixed;left:-10000px;top:0;width:400px;visibility:hidden';
    document.body.appendChild(div);
    const x = [1, 2, 3];
    const data: Partial<PlotlyTypes.Data>[] = [
      { type: 'scatter', mode: 'lines', x, y: [1, 2, 1] },
      { type: 'scatter', mode: 'lines', x, y: [1, 1, 2], stackgroup: 'one' },
      { type: 'bar', x, y: [2, 3, 1] },
    ];
    Plotly.newPlot(div, data as PlotlyTypes.Data[], baseLayout('warm-up'), PLOT_CONFIG)
      .then(() => Plotly.extendTraces(div, { x: [[4], [4]], y: [[2], [1]] }, [0, 1]))
      .catch(() => undefined)
      .finally(() => {
        Plotly.purge(div);
        div.remove();
      });
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 });
  else setTimeout(run, 1000);
}

/**
 * Tick labels are never measured for hiding past the chart's edge (Plotly's default measures every label's box on
 * every redraw, a fifth of a streaming chart's redraw); the fixed margins leave them room.
 */
const UNMEASURED_TICKS = { ticklabeloverflow: 'allow' } as const;

/**
 * Shared layout: type sizes and colours of the theme in force when the chart draws (large in presentation mode,
 * light or dark), margins that grow with the type, no Plotly logo link (it would point off-origin).
 */
export function baseLayout(
  title: string,
  extra: Partial<PlotlyTypes.Layout> = {},
  theme: ChartTheme = chartTheme(),
): Partial<PlotlyTypes.Layout> {
  const axis = { ...UNMEASURED_TICKS, gridcolor: theme.grid, linecolor: theme.muted, zerolinecolor: theme.muted };
  return {
    title: { text: title, font: { size: theme.titleSize } },
    // A right-hand axis needs room for its tick labels.
    margin: { l: scaled(theme, 50), r: extra.yaxis2 ? scaled(theme, 50) : 10, t: Math.round((theme.titleSize * 30) / 14), b: scaled(theme, 35) },
    height: 240,
    font: { family: 'system-ui, DejaVu Sans, sans-serif', size: theme.fontSize, color: theme.ink },
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    modebar: { bgcolor: 'rgba(0,0,0,0)', color: theme.muted, activecolor: theme.ink },
    legend: { orientation: 'h', y: -0.2, bgcolor: 'rgba(0,0,0,0)' },
    ...extra,
    xaxis: { ...axis, ...extra.xaxis },
    yaxis: { ...axis, ...extra.yaxis },
    ...(extra.yaxis2 ? { yaxis2: { ...axis, ...extra.yaxis2 } } : {}),
  };
}

export const PLOT_CONFIG: Partial<PlotlyTypes.Config> = { displaylogo: false, responsive: true };
