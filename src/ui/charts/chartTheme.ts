import { useThemeKey } from '../theme';

/**
 * What a chart draws with, read from the page's custom properties (styles.css) at draw time: font sizes (large in
 * presentation mode), text, grid and background colours (light or dark). Components pass `useThemeKey()` to their
 * draw effects so that they redraw, and read the values here, when the theme or the mode changes.
 */
export interface ChartTheme {
  /** Tick labels, axis titles, legends and annotations, in px. */
  fontSize: number;
  titleSize: number;
  /** Text and marks drawn in the text colour (threshold lines, the anchor, outlines). */
  ink: string;
  muted: string;
  grid: string;
  background: string;
  /** Positive pairs (same identity) and negative pairs in histograms. */
  positive: string;
  negative: string;
}

const DEFAULTS: ChartTheme = {
  fontSize: 12,
  titleSize: 14,
  ink: '#1b1f24',
  muted: '#5a6270',
  grid: '#e3e6eb',
  background: '#fff',
  positive: '#2f6fd1',
  negative: '#d1402f',
};

/** The theme in force now (the defaults where the page has no stylesheet, as in a unit test). */
export function chartTheme(): ChartTheme {
  if (typeof document === 'undefined') return DEFAULTS;
  const css = getComputedStyle(document.documentElement);
  const text = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const px = (name: string, fallback: number) => {
    const v = parseFloat(css.getPropertyValue(name));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    fontSize: px('--chart-font-size', DEFAULTS.fontSize),
    titleSize: px('--chart-title-size', DEFAULTS.titleSize),
    ink: text('--fg', DEFAULTS.ink),
    muted: text('--muted', DEFAULTS.muted),
    grid: text('--chart-grid', DEFAULTS.grid),
    background: text('--surface', DEFAULTS.background),
    positive: text('--chart-positive', DEFAULTS.positive),
    negative: text('--chart-negative', DEFAULTS.negative),
  };
}

/** A length drawn for the default 12 px type, scaled to the theme's type (margins that hold tick labels). */
export const scaled = (theme: ChartTheme, px: number): number => Math.round((px * theme.fontSize) / DEFAULTS.fontSize);

let cached: { key: string; theme: ChartTheme } | null = null;

/** The chart theme for a component that draws as it renders (SVG), read again when the theme or the mode changes. */
export function useChartTheme(): ChartTheme {
  const key = useThemeKey();
  if (cached?.key !== key) cached = { key, theme: chartTheme() };
  return cached.theme;
}
