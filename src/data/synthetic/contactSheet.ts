/**
 * `npx tsx src/data/synthetic/contactSheet.ts [out.png] [similarity]`: a contact sheet of synthetic faces, one family per
 * row (4 identities × 3 images), upscaled 2× for viewing. Used to check that the faces read as faces.
 */
import { writeFileSync } from 'node:fs';
import { encodePng } from './png';
import { createSyntheticFaces } from './syntheticFaces';

const out = process.argv[2] ?? '/tmp/faces.png';
const similarity = Number(process.argv[3] ?? 0.7);
const families = 8;
const perIdentity = 3;
const faces = createSyntheticFaces({
  identities: families * 4,
  imagesPerIdentity: perIdentity,
  familySize: 4,
  familySimilarity: similarity,
  resolution: 64,
  channels: 3,
});
const R = 64;
const zoom = 2;
const gap = 4;
const cols = 4 * perIdentity;
const W = cols * (R * zoom) + (cols + 3) * gap;
const H = families * (R * zoom + gap) + gap;
const sheet = new Uint8Array(W * H * 3).fill(255);
for (let f = 0; f < families; f++)
  for (let m = 0; m < 4; m++)
    for (let k = 0; k < perIdentity; k++) {
      const identity = f * 4 + m;
      const img = faces.render(identity * perIdentity + k);
      const col = m * perIdentity + k;
      const x0 = gap + col * (R * zoom + gap) + m * gap;
      const y0 = gap + f * (R * zoom + gap);
      for (let y = 0; y < R * zoom; y++)
        for (let x = 0; x < R * zoom; x++) {
          const s = (Math.floor(y / zoom) * R + Math.floor(x / zoom)) * 3;
          const d = ((y0 + y) * W + x0 + x) * 3;
          sheet[d] = img[s] as number;
          sheet[d + 1] = img[s + 1] as number;
          sheet[d + 2] = img[s + 2] as number;
        }
    }
writeFileSync(out, encodePng(sheet, W, H, 3));
console.log(`wrote ${out} (${W}×${H})`);
