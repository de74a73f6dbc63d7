/**
 * `npm run bench -- gpu`: WebGPU training measured on a real GPU (issue 17, item 5; docs/gpuBench.md). Headless
 * Chromium with Vulkan WebGPU trains the standard and tiny networks and the pretrained ResNet-34 (fine-tuned) in the
 * lab's production build, and prints ms/step, the share of the GPU's peak FP32 rate the step reaches, and, for the
 * two LuNet networks, the lab against a raw tfjs loop of the same model and batch in interleaved pairs.
 *
 * Options: --peak-tflops=N (else the adapter's name is looked up in PEAK_TFLOPS, or --gpu=h200), --smoke (SwiftShader,
 * tiny sizes: checks that the script works on a machine without a GPU; also chosen when only a fallback adapter
 * exists), --pairs=N. CHROMIUM_PATH and CHROMIUM_GPU_ARGS (space-separated) override the browser and its GPU flags.
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { describeModel } from '../src/model/cost';
import type { ModelConfig } from '../src/model/config';
import { openLab, openRaw } from './browserTraining.ts';
import { interleave, spread } from './pairs.ts';
import type { BenchRow } from './row.ts';

const PORT = Number(process.env.BENCH_PORT ?? 5187);

/** Peak FP32 rate without tensor cores (vendor data sheets, SXM parts where there are two), in TFLOP/s. */
export const PEAK_TFLOPS: Record<string, number> = {
  h200: 67,
  h100: 67,
  a100: 19.5,
  l40s: 91.6,
  l4: 30.3,
  a10: 31.2,
  t4: 8.1,
  'rtx 4090': 82.6,
  'rtx 3090': 35.6,
};

/** Networking flags from docs/browser.md, then Vulkan WebGPU on the real adapter. */
const BASE_ARGS = CHROMIUM_ARGS.filter((a) => !/swiftshader|Vulkan|webgpu/i.test(a));
/**
 * GPU flag sets, tried in order until one gives a hardware adapter (CHROMIUM_GPU_ARGS, space-separated: that one
 * alone). The first is Chrome's recipe for headless Chrome on NVIDIA under Linux (developer.chrome.com's "Supercharge
 * Web AI model testing"), with --enable-gpu, which stops headless mode from forcing SwiftShader.
 */
const GPU_ARG_SETS: readonly string[][] = process.env.CHROMIUM_GPU_ARGS
  ? [process.env.CHROMIUM_GPU_ARGS.split(' ')]
  : [
      [
        '--enable-unsafe-webgpu',
        '--enable-gpu',
        '--ignore-gpu-blocklist',
        '--enable-features=Vulkan',
        '--use-angle=vulkan',
        '--disable-vulkan-surface',
      ],
      [
        '--enable-unsafe-webgpu',
        '--enable-gpu',
        '--ignore-gpu-blocklist',
        '--enable-features=Vulkan,VulkanFromANGLE',
        '--use-vulkan=native',
        '--use-angle=vulkan',
      ],
    ];

type Adapter = { vendor?: string; architecture?: string; description?: string; isFallbackAdapter: boolean };

/** The WebGPU adapter a page of `browser` gets, or null. */
async function probeAdapter(browser: Browser, benchBase: string): Promise<Adapter | null> {
  const probe = await browser.newPage();
  await probe.goto(`${benchBase}/bench/browser/index.html?task=none`);
  const adapter = await probe.evaluate(async () => {
    type Info = { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info: Info } | null> } }).gpu;
    const a = await gpu?.requestAdapter();
    if (!a) return null;
    // GPUAdapterInfo's fields are getters on its prototype: a spread would copy none of them.
    const { vendor, architecture, description, isFallbackAdapter } = a.info;
    return { vendor, architecture, description, isFallbackAdapter: Boolean(isFallbackAdapter) };
  });
  await probe.close();
  return adapter;
}

interface Case {
  name: string;
  model: ModelConfig;
  P: number;
  K: number;
  /** Steps before timing: shader compilation and one pass over the training images. */
  warmup: number;
  steps: number;
  /** A raw loop exists for the LuNet networks only (the ResNet needs the pretrained weights the lab loads). */
  raw: boolean;
}

const lunet = (preset: 'tiny' | 'standard', inputSize: number): ModelConfig => ({
  preset,
  inputSize,
  channels: 3,
  embeddingDim: 64,
  batchNorm: true,
  normalize: true,
  seed: 1,
});

function cases(smoke: boolean): Case[] {
  const resnet: ModelConfig = { ...lunet('tiny', 64), backbone: 'resnet34FineTuned' };
  if (smoke)
    return [
      { name: 'tiny 32×32×3', model: lunet('tiny', 32), P: 2, K: 4, warmup: 2, steps: 2, raw: true },
      { name: 'standard 32×32×3', model: lunet('standard', 32), P: 2, K: 2, warmup: 1, steps: 1, raw: true },
      { name: 'ResNet-34 fine-tuned', model: resnet, P: 2, K: 2, warmup: 1, steps: 1, raw: false },
    ];
  return [
    { name: 'standard 64×64×3', model: lunet('standard', 64), P: 16, K: 4, warmup: 10, steps: 20, raw: true },
    { name: 'tiny 32×32×3', model: lunet('tiny', 32), P: 8, K: 4, warmup: 10, steps: 20, raw: true },
    { name: 'ResNet-34 fine-tuned', model: resnet, P: 16, K: 4, warmup: 5, steps: 10, raw: false },
  ];
}

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

function peakFor(description: string): number | undefined {
  const given =
    option('peak-tflops') ?? (option('gpu') ? String(PEAK_TFLOPS[option('gpu')!.toLowerCase()]) : undefined);
  if (given !== undefined && Number.isFinite(Number(given))) return Number(given);
  const text = description.toLowerCase();
  const known = Object.keys(PEAK_TFLOPS).find((k) => text.includes(k));
  return known ? PEAK_TFLOPS[known] : undefined;
}

export async function run(): Promise<BenchRow[]> {
  // Imported here so that bench/device.ts, bundled for a machine without node_modules, never loads Vite.
  const { build, createServer, preview } = await import('vite');
  await build({ logLevel: 'error', mode: 'production' });
  const dev = await createServer({ server: { port: PORT, strictPort: true }, logLevel: 'error' });
  await dev.listen();
  const built = await preview({ preview: { port: PORT + 1, strictPort: true }, logLevel: 'error' });
  try {
    return await gpuRows(`http://localhost:${PORT}`, `http://localhost:${PORT + 1}`);
  } finally {
    await dev.close();
    await new Promise<void>((resolve) => built.httpServer.close(() => resolve()));
  }
}

/**
 * The rows, with the bench pages served at `benchBase` and the lab's production build at `labBase` (the same origin
 * where both come from one build, as on the GPU machine: bench/device.ts). Without a hardware adapter, the smoke
 * check's rows, or with `fallBackToSmoke` false one row that says so (the GPU machine's time is better spent on its
 * CPU rows than on SwiftShader).
 */
export async function gpuRows(benchBase: string, labBase: string, fallBackToSmoke = true): Promise<BenchRow[]> {
  let smoke = process.argv.includes('--smoke');
  const pairs = Number(option('pairs') ?? (smoke ? 2 : 6));
  const launch = (args: readonly string[]) =>
    chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...args] });
  let browser: Browser | null = null;
  let adapter: Adapter | null = null;
  for (const set of smoke ? [] : GPU_ARG_SETS) {
    browser = await launch([...BASE_ARGS, ...set]);
    adapter = await probeAdapter(browser, benchBase);
    console.error(`bench gpu: adapter ${JSON.stringify(adapter)} with ${set.join(' ')}`);
    if (adapter && !adapter.isFallbackAdapter) break;
    await browser.close();
    browser = null;
  }
  if (!browser && !smoke && !fallBackToSmoke) {
    const tried = GPU_ARG_SETS.map((set) => set.join(' ')).join(' | ');
    return [
      { area: 'gpu', case: 'WebGPU on a hardware adapter', ratio: 0, unit: 'none found', note: `tried ${tried}` },
    ];
  }
  if (!browser) {
    if (!smoke) console.error('bench gpu: no real GPU adapter; running the SwiftShader smoke check instead (--smoke)');
    smoke = true;
    browser = await launch(CHROMIUM_ARGS);
    adapter = await probeAdapter(browser, benchBase);
    console.error(`bench gpu: adapter ${JSON.stringify(adapter)} (SwiftShader flags)`);
  }
  const rows: BenchRow[] = [];
  try {
    const described = adapter
      ? [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' ')
      : 'none';
    const peak = smoke ? undefined : peakFor(described);
    const where = smoke ? 'SwiftShader (smoke check, not a measurement)' : described;
    for (const c of cases(smoke)) {
      const b = c.P * c.K;
      const hash = [
        `net=${c.model.preset}`,
        `size=${c.model.inputSize}`,
        `P=${c.P}`,
        `K=${c.K}`,
        'ids=32',
        'ipi=4',
        ...(c.model.backbone ? [`backbone=${c.model.backbone}`] : []),
      ].join('&');
      const lab = await openLab(browser, `${labBase}/?backend=webgpu#${hash}`, c.warmup);
      const rawUrl = `${benchBase}/bench/browser/index.html?task=raw&backend=webgpu&net=${c.model.preset}&size=${c.model.inputSize}&batch=${b}&warmup=${c.warmup}`;
      const raw = c.raw ? await openRaw(browser, rawUrl) : null;
      const log = (line: string) => console.error(`bench gpu ${c.name} ${line}`);
      const s = raw
        ? await interleave(
            () => lab.segment(c.steps),
            () => raw.segment(c.steps),
            pairs,
            log,
          )
        : null;
      const labMs = s ? s.aMs : (await lab.segment(c.steps)).msPerStep;
      // A training step ≈ 3 forward passes (forward, input gradient, weight gradient): model/cost.ts.
      const flops = 3 * describeModel(c.model).flopsPerImage * b;
      const tflops = flops / (labMs / 1000) / 1e12;
      rows.push({
        area: 'gpu',
        case: `${c.name}, B=${b}, lab ms/step on webgpu, ${where}`,
        ratio: peak ? tflops / peak : tflops,
        unit: peak
          ? `of peak FP32 (${peak} TFLOP/s; goal ≥ 0.30 for standard)`
          : 'TFLOP/s (no peak known: pass --peak-tflops)',
        note: `${labMs.toFixed(1)} ms/step, ${(flops / 1e9).toFixed(1)} GFLOP/step, ${tflops.toFixed(2)} TFLOP/s; backend ${String(lab.info['label'])}`,
      });
      if (s)
        rows.push({
          area: 'gpu',
          case: `${c.name}, B=${b}, lab vs raw tfjs loop on webgpu, ${where}`,
          ratio: s.median,
          unit: '× (median of pair ratios; goal ≤ 1.05)',
          note: `${spread(s)}; lab ${s.aMs.toFixed(1)} ms, raw ${s.bMs.toFixed(1)} ms`,
        });
      await lab.page.close();
      await raw?.page.close();
    }
  } finally {
    await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  return rows;
}
