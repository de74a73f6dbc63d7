/**
 * A chart that streams: drawn once from the history when it mounts, then extended by one point per step
 * (Plotly.extendTraces), never re-rendered (tensorflow/playground's AppendingLineChart). Keeps the last
 * MAX_POINTS points; older history is decimated when the chart is redrawn.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout, Shape } from 'plotly.js';
import type { HistoryRow, Marker } from '../../state/history';
import { lab } from '../stores';
import { useThemeKey } from '../theme';
import { afterPaint } from './afterPaint';
import { chartTheme, type ChartTheme } from './chartTheme';
import { baseLayout, loadPlotly, PLOT_CONFIG } from './plotly';

export const MAX_POINTS = 2000;
/** Steps arrive every few tens of ms on a fast backend; redrawing each one would keep the page busy. */
export const FLUSH_MS = 1000;

export interface Series {
  name: string;
  value: (row: HistoryRow) => number;
  /** Trace style; a function of the theme where it draws in theme colours. */
  style?: Partial<Data> | ((theme: ChartTheme) => Partial<Data>);
}

/** Every k-th row so at most `max` remain (the last row is always kept). */
export function decimate<T>(rows: T[], max: number): T[] {
  if (rows.length <= max) return rows;
  const k = Math.ceil(rows.length / max);
  return rows.filter((_, i) => i % k === 0 || i === rows.length - 1);
}

function markerShapes(markers: Marker[], theme: ChartTheme): Partial<Shape>[] {
  return markers.map((m) => ({
    type: 'line',
    x0: m.step,
    x1: m.step,
    yref: 'paper',
    y0: 0,
    y1: 1,
    line: { color: theme.muted, dash: 'dot', width: 1 },
  }));
}

/** A finished run drawn beside the streaming ones (an imported log): redrawn when it changes, never extended. */
export interface Overlay {
  name: string;
  value: (row: HistoryRow) => number;
  rows(): readonly HistoryRow[];
  subscribe(listener: () => void): () => void;
}

export function StreamChart({
  title,
  series,
  layout,
  testId,
  height,
  overlay,
}: {
  title: string;
  series: Series[];
  layout?: Partial<Layout>;
  testId: string;
  /** Plot height in px (default: baseLayout's). */
  height?: number;
  overlay?: Overlay;
}) {
  const div = useRef<HTMLDivElement>(null);
  const seriesRef = useRef(series);
  seriesRef.current = series;
  // A new theme (colour scheme, presentation mode) redraws the chart with the sizes and colours read at draw time.
  const theme = useThemeKey();

  useEffect(() => {
    let alive = true;
    let unsubscribe = () => {};
    let markerCount = 0;
    let stopObserving = () => {};
    void loadPlotly().then((Plotly) => {
      const el = div.current;
      if (!alive || !el) return;
      const draw = () => {
        const rows = decimate(lab.history.rows, MAX_POINTS);
        const t = chartTheme();
        const data = seriesRef.current.map((s) => ({
          type: 'scatter' as const,
          mode: 'lines' as const,
          name: s.name,
          x: rows.map((r) => r.step),
          y: rows.map(s.value),
          ...(typeof s.style === 'function' ? s.style(t) : s.style),
        })) as Data[];
        // After the series, so extendTraces' indices 0 … n − 1 stay the streaming traces.
        const other = overlay ? decimate([...overlay.rows()], MAX_POINTS) : [];
        if (overlay && other.length > 0)
          data.push({ type: 'scatter', mode: 'lines', name: overlay.name, x: other.map((r) => r.step), y: other.map(overlay.value), line: { dash: 'dash', color: t.muted } });
        markerCount = lab.history.markers.length;
        const sized = height ? { ...layout, height } : layout;
        void Plotly.react(el, data, { ...baseLayout(title, sized, t), shapes: markerShapes(lab.history.markers, t) }, PLOT_CONFIG);
      };
      draw();
      const stopOverlay = overlay?.subscribe(draw) ?? (() => undefined);
      let pending: HistoryRow[] = [];
      let timer: ReturnType<typeof setTimeout> | null = null;
      // A chart scrolled out of view is not drawn; it redraws from the history when it comes back.
      let visible = true;
      let stale = false;
      const observer = new IntersectionObserver(([entry]) => {
        visible = entry?.isIntersecting ?? true;
        if (visible && stale) {
          stale = false;
          pending = [];
          draw();
        }
      });
      observer.observe(el);
      stopObserving = () => {
        observer.disconnect();
        stopOverlay();
      };
      // Rows are queued and drawn together at most every FLUSH_MS, in one extendTraces call.
      const flush = () => {
        timer = null;
        const rows = pending;
        pending = [];
        if (!alive || rows.length === 0) return;
        if (!visible) {
          stale = true;
          return;
        }
        if (lab.history.markers.length !== markerCount) return draw();
        const s = seriesRef.current;
        void Plotly.extendTraces(el, { x: s.map(() => rows.map((r) => r.step)), y: s.map((x) => rows.map(x.value)) }, s.map((_, i) => i), MAX_POINTS);
      };
      unsubscribe = lab.history.subscribe((row) => {
        if (!row) {
          pending = [];
          return draw();
        }
        pending.push(row);
        // Each chart redraws in a frame of its own (afterPaint), never back to back with another.
        timer ??= setTimeout(() => afterPaint(flush), FLUSH_MS);
      });
    });
    return () => {
      alive = false;
      unsubscribe();
      stopObserving();
    };
  }, [title, layout, height, theme, overlay]);

  return <div ref={div} className="chart" style={height ? { minHeight: height } : undefined} data-testid={testId} />;
}
