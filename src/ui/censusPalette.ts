/**
 * Colours and marker shapes of the census classes, from the Okabe–Ito palette, which stays distinguishable under
 * the common colour-vision deficiencies. Orange and vermillion are still close for some readers, so every view pairs
 * the colour with a shape: colour is never the only cue.
 */
import type { TripletClass } from '../metric/inspect';

export const CENSUS_COLORS: Readonly<Record<TripletClass, string>> = {
  easy: '#0072B2', // blue
  semiHard: '#E69F00', // orange
  hard: '#D55E00', // vermillion
};

/** Positives and the anchor, apart from the three negative classes. */
export const POSITIVE_COLOR = '#009E73'; // bluish green
export const ANCHOR_COLOR = '#000000';

export type MarkerShape = 'triangle' | 'diamond' | 'circle' | 'square';

export const CENSUS_SHAPES: Readonly<Record<TripletClass, MarkerShape>> = {
  hard: 'triangle',
  semiHard: 'diamond',
  easy: 'circle',
};

/** The shape's glyph, for legends written in text. */
export const SHAPE_GLYPHS: Readonly<Record<MarkerShape, string>> = {
  triangle: '▲',
  diamond: '◆',
  circle: '●',
  square: '■',
};

export const CENSUS_LABELS: Readonly<Record<TripletClass, string>> = {
  hard: 'hard',
  semiHard: 'semi-hard',
  easy: 'easy',
};
