/**
 * Plotly, loaded on first use so the shell paints before the 3 MB chart library arrives.
 */
import type * as PlotlyTypes from 'plotly.js';

export type Plotly = typeof PlotlyTypes;
let loading: Promise<Plotly> | null = null;

export function loadPlotly(): Promise<Plotly> {
  loading ??= import('plotly.js-dist-min').then((m) => (m as unknown as { default: Plotly }).default);
  return loading;
}

/** Shared layout: readable on a projector, no Plotly logo link (it would point off-origin). */
export function baseLayout(title: string, extra: Partial<PlotlyTypes.Layout> = {}): Partial<PlotlyTypes.Layout> {
  return {
    title: { text: title, font: { size: 14 } },
    margin: { l: 50, r: 10, t: 30, b: 35 },
    height: 240,
    font: { family: 'system-ui, DejaVu Sans, sans-serif', size: 12 },
    legend: { orientation: 'h', y: -0.2 },
    ...extra,
  };
}

export const PLOT_CONFIG: Partial<PlotlyTypes.Config> = { displaylogo: false, responsive: true };
