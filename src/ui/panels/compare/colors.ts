/** One colour per configuration, mid-tones that read on the light and the dark theme alike. */
export const COMPARE_COLORS = ['#2f6fd1', '#d1402f', '#3a9d5d', '#e0a526', '#7a4fd1', '#8c8c8c'];

/** `#rrggbb` at `alpha`, for a band under its line. */
export function translucent(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
