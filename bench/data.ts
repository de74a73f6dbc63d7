/**
 * Data-layer bench (Node, one thread): the pure part of an import — netpbm decode + centre crop + area resize +
 * FNV-1a hash — over 2,000 generated 250×250 PGM faces, through the full pipeline and bare; and synthetic faces
 * generated per second. The browser JPEG path (createImageBitmap in the worker pool, goal ≥ 500 images/s on 2 cores)
 * is measured by the browser bench, not here.
 */
import type { BenchRow } from './row.ts';
import { fnv1a64 } from '../src/data/hash';
import { importEntries } from '../src/data/importPipeline';
import { parseNetpbm } from '../src/data/netpbm';
import { processBlob, processImageBytes } from '../src/data/processImage';
import { toStoredImage } from '../src/data/resize';
import { createRng } from '../src/common/rng';
import { drawNuisance, identityParams } from '../src/data/synthetic/faceParams';
import { renderFace } from '../src/data/synthetic/faceRender';
import { createSyntheticFaces } from '../src/data/synthetic/syntheticFaces';

const N = 2000;
const SIDE = 250;
const spec = { width: 64, height: 64, channels: 1 as const };
const noBitmaps = async (): Promise<never> => Promise.reject(new Error('PGM only'));

/** 2,000 distinct 250×250 binary PGMs: 40 rendered faces, each copy with its own noise so every hash differs. */
function makePgms(): Uint8Array[] {
  const faces = Array.from({ length: 40 }, (_, i) =>
    renderFace(identityParams(i, { seed: 1, familySize: 4, familySimilarity: 0.7 }), drawNuisance(createRng(i)), {
      width: SIDE,
      height: SIDE,
      channels: 1,
    }),
  );
  const header = new TextEncoder().encode(`P5\n# bench\n${SIDE} ${SIDE}\n255\n`);
  const rng = createRng(7);
  return Array.from({ length: N }, (_, k) => {
    const out = new Uint8Array(header.length + SIDE * SIDE);
    out.set(header);
    const face = faces[k % faces.length] as Uint8Array;
    for (let i = 0; i < face.length; i++) out[header.length + i] = Math.min(255, (face[i] as number) + rng.int(3));
    return out;
  });
}

const time = async (f: () => Promise<void> | void): Promise<number> => {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
};

export async function run(): Promise<BenchRow[]> {
  const files = makePgms();
  // Warm up the JIT on a few files so both measurements see optimised code.
  for (const f of files.slice(0, 50)) await processImageBytes(f, 'x.pgm', spec, noBitmaps);

  const bare = await time(async () => {
    for (const f of files) await processImageBytes(f, 'x.pgm', spec, noBitmaps);
  });
  const entries = files.map((f, k) => ({
    path: `root/id${Math.floor(k / 10)}/${k}.pgm`,
    file: new Blob([f as Uint8Array<ArrayBuffer>]),
  }));
  let stored = 0;
  const pipeline = await time(async () => {
    const report = await importEntries(entries, {
      spec,
      processor: { process: (file, name) => processBlob(file, name, spec, noBitmaps) },
      onChunk: async (c) => void (stored += c.count),
    });
    if (report.images !== N) throw new Error(`bench import stored ${report.images} of ${N}`);
  });
  const parse = await time(() => void files.forEach((f) => parseNetpbm(f)));
  const raws = files.slice(0, 500).map((f) => parseNetpbm(f));
  const resize = (await time(() => void raws.forEach((r) => toStoredImage(r, spec)))) * (N / raws.length);
  const hash = await time(() => void files.forEach((f) => fnv1a64(f)));

  const faces = createSyntheticFaces({ identities: 1000, imagesPerIdentity: 10, resolution: 64, channels: 3 });
  const out = new Uint8Array(64 * 64 * 3);
  const F = 1000;
  const facesSeconds = await time(() => {
    for (let i = 0; i < F; i++) faces.render((i * 7919) % faces.imageCount, out);
  });

  const pipelineRate = N / pipeline;
  const bareRate = N / bare;
  const facesRate = F / facesSeconds;
  return [
    {
      area: 'data',
      case: `import ${N} × ${SIDE}² PGM → 64² gray, full pipeline vs bare decode+resize+hash (Node, 1 thread)`,
      ratio: pipelineRate / bareRate,
      unit: '× of bare throughput',
      note: `pipeline ${pipelineRate.toFixed(0)} images/s, bare ${bareRate.toFixed(0)} images/s; browser JPEG path (goal ≥ 500/s on 2 cores) is in the browser bench`,
    },
    {
      area: 'data',
      case: `per-image cost of the pure import: resize vs parse vs hash (${SIDE}² → 64²)`,
      ratio: resize / parse,
      unit: '× parse time (resize)',
      note: `per image: parse ${((parse / N) * 1e3).toFixed(3)} ms, resize ${((resize / N) * 1e3).toFixed(3)} ms, hash ${((hash / N) * 1e3).toFixed(3)} ms`,
    },
    {
      area: 'data',
      case: 'synthetic faces 64² RGB generated vs PGM images imported, per second',
      ratio: facesRate / pipelineRate,
      unit: '× import rate',
      note: `${facesRate.toFixed(0)} faces/s generated (one thread)`,
    },
  ];
}
