/**
 * One process of the face-alignment bench (bench/faceAlign.ts starts one per core): aligns its share of the tight
 * crops with the lab's alignFaces on tfjs wasm (one thread, as in the import workers), a mosaic's worth (16) at a
 * time as a worker batches them, and prints one JSON line: per image its route (or why none) and eye error against
 * the reference, the time to load the models and to align, and where that time went. `before` also times the
 * alignment this replaced (the detector per image as is, then on a copy padded by a quarter of its long side) on a
 * few images.
 * Usage: node --import tsx bench/face/alignShard.ts <shard> <shards> <beforeImages>
 */
import './tfjsAliases.ts';

const [shard = 0, shards = 1, beforeImages = 0] = process.argv.slice(2).map(Number);
const SPEC = { width: 64, height: 64, channels: 1 as const };

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-wasm');
const { loadFaceDetector } = await import('../../src/model/pretrained/faceDetector.ts');
const { nodeAssetReader } = await import('../../src/model/pretrained/testing/nodeAssetReader.ts');
const { cachedEyes, tightCrops } = await import('../../src/data/testing/tightCrops.ts');
const { alignFaces } = await import('../../src/workers/faceAlignForm.ts');
const { chooseFace } = await import('../../src/data/faceAlign.ts');
const { MOSAIC_GRID } = await import('../../src/data/faceFrame.ts');
const BATCH = MOSAIC_GRID * MOSAIC_GRID;
type FaceDetector = Awaited<ReturnType<typeof loadFaceDetector>>;

const eyes = cachedEyes();
if (!eyes) throw new Error('no cached portrait eyes');
const crops = tightCrops(eyes, Infinity, (i) => i % shards === shard);

await tf.setBackend('wasm');
await tf.ready();
const t0 = performance.now();
const real = await loadFaceDetector(nodeAssetReader);
const loadMs = performance.now() - t0;

/** The detector, timing its two nets. */
const spent = { locate: 0, landmarks: 0, passes: 0 };
const detector: FaceDetector = {
  async locate(image) {
    const t = performance.now();
    try {
      return await real.locate(image);
    } finally {
      spent.locate += performance.now() - t;
      spent.passes++;
    }
  },
  async landmarks(image, box) {
    const t = performance.now();
    try {
      return await real.landmarks(image, box);
    } finally {
      spent.landmarks += performance.now() - t;
    }
  },
  async landmarksBatch(image, boxes) {
    const t = performance.now();
    try {
      return await real.landmarksBatch(image, boxes);
    } finally {
      spent.landmarks += performance.now() - t;
    }
  },
  dispose: () => real.dispose(),
};

// Timed from the first batch, which also warms the wasm kernels up (as the first files of an import do).
const baseline = tf.memory().numTensors;
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const images: { name: string; route: string; eyeError?: number }[] = [];
let firstBatchMs = NaN;
for (let k = 0; k < crops.length; k += BATCH) {
  const batch = crops.slice(k, k + BATCH);
  const results = await alignFaces(
    batch.map((c) => c.image),
    SPEC,
    detector,
  );
  results.forEach((r, j) => {
    const c = batch[j]!;
    if (!r.ok || !r.eyes) return images.push({ name: c.name, route: r.ok ? 'noEyes' : r.reason });
    const d = Math.hypot(c.eyes.right.x - c.eyes.left.x, c.eyes.right.y - c.eyes.left.y);
    const err = Math.max(
      Math.hypot(r.eyes.left.x - c.eyes.left.x, r.eyes.left.y - c.eyes.left.y),
      Math.hypot(r.eyes.right.x - c.eyes.right.x, r.eyes.right.y - c.eyes.right.y),
    );
    images.push({ name: c.name, route: r.route ?? 'none', eyeError: err / d });
  });
  if (k === 0) firstBatchMs = performance.now() - t1;
}
const alignMs = performance.now() - t1;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const leaked = tf.memory().numTensors - baseline;

/** The alignment this replaced: per image as is, then padded by a quarter of the long side; found or not. */
async function before(n: number): Promise<{ images: number; found: number; ms: number }> {
  let found = 0;
  const t = performance.now();
  for (const c of crops.slice(0, n)) {
    const { width: w, height: h, data } = c.image;
    const rgb = new Int32Array(w * h * 3).map((_, i) => data[Math.floor(i / 3)] as number);
    const image = tf.tensor3d(rgb, [h, w, 3], 'int32');
    const shift = Math.round(0.25 * Math.max(w, h));
    const padded = tf.pad(
      image,
      [
        [shift, shift],
        [shift, shift],
        [0, 0],
      ],
      128,
    );
    try {
      for (const input of [image, padded]) {
        const face = chooseFace(await real.locate(input));
        if (!face) continue;
        await real.landmarks(input, face.box);
        found++;
        break;
      }
    } finally {
      tf.dispose([image, padded]);
    }
  }
  return { images: n, found, ms: performance.now() - t };
}
const old = beforeImages > 0 ? await before(beforeImages) : null;
real.dispose();
console.log(JSON.stringify({ shard, loadMs, alignMs, firstBatchMs, cpuMs, spent, leaked, images, before: old }));
