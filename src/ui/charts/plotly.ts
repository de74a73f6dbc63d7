/**
 * Plotly, loaded on first use so the shell paints before the 3 MB chart library arrives.
 */
import type * as PlotlyTypes from 'plotly.js';

export type Plotly = typeof PlotlyTypes;
let loading: Promise<Plotly> | null = null;

export function loadPlotly(): Promise<Plotly> {
  loading ??= import('plotly.js-dist-min').then((m) => {
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

/** Shared layout: readable on a projector, no Plotly logo link (it would point off-origin). */
export function baseLayout(title: string, extra: Partial<PlotlyTypes.Layout> = {}): Partial<PlotlyTypes.Layout> {
  return {
    title: { text: title, font: { size: 14 } },
    margin: { l: 50, r: 10, t: 30, b: 35 },
    height: 240,
    font: { family: 'system-ui, DejaVu Sans, sans-serif', size: 12 },
    legend: { orientation: 'h', y: -0.2 },
    ...extra,
    xaxis: { ...UNMEASURED_TICKS, ...extra.xaxis },
    yaxis: { ...UNMEASURED_TICKS, ...extra.yaxis },
    ...(extra.yaxis2 ? { yaxis2: { ...UNMEASURED_TICKS, ...extra.yaxis2 } } : {}),
  };
}

export const PLOT_CONFIG: Partial<PlotlyTypes.Config> = { displaylogo: false, responsive: true };
