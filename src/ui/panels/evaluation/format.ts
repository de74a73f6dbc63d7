/** Number formats shared by the evaluation panel: fixed digits, percentages, and an en dash for "no value". */
export const fixed = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
export const percent = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(digits)}%`;
export const count = (n: number): string => n.toLocaleString('en-US');

/** A distinct colour per identity (golden-angle hues), so neighbouring ids do not look alike. */
export const identityColour = (slot: number): string => `hsl(${(slot * 137.508) % 360}, 65%, 45%)`;
