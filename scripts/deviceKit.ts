/**
 * `npm run device:kit`: packs what the GPU bench needs on a machine that has neither npm, nor a network, nor a
 * browser (the lent H200 machine: docs/deviceKit.md) into .devkit/p1, p2, …, each small enough to travel with one
 * call (64 MiB with the working tree). scripts/deviceRun.sh unpacks them there and runs bench/device.ts.
 *
 * Two archives, cut into pieces that fill the parts in order:
 *   chromium.tar.xz  Debian's Chromium with chromium-common's data files: the full browser, whose headless mode can
 *                    use the GPU's own driver (the old one, chromium-headless-shell, is reported not to on Linux);
 *                    kept in .devkit/cache while Debian's version is the same, since its xz takes minutes
 *   runtime.tar.xz   every shared library Chromium and node load from this Debian (glibc and the C++ runtime
 *                    excepted: the machine has newer ones), node, playwright-core, the bench bundled into one file,
 *                    and one production build of the lab with the bench pages
 *
 * Needs apt-get (for the two .deb files), xz and ldd; takes ~8 minutes on 2 cores the first time, most of it xz.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build } from 'vite';

const KIT = resolve('.devkit');
const STAGE = join(KIT, 'stage');
/** What one call may carry besides the ~4 MiB working tree. */
const PART_LIMIT = 58 * 2 ** 20;
/** Provided by the machine: glibc's libraries, its loader and the C++ runtime (newer there than here). */
const SYSTEM_LIBS = /^(ld-linux|libc|libm|libdl|libpthread|librt|libresolv|libutil|libstdc\+\+|libgcc_s)\.so/;

const sh = (file: string, args: string[], cwd = KIT) =>
  execFileSync(file, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 }).toString();

/** The lab (index.html) and the bench pages (bench/browser/index.html) in one production build. */
async function buildSite(out: string): Promise<void> {
  await build({
    logLevel: 'warn',
    mode: 'production',
    build: {
      outDir: out,
      emptyOutDir: true,
      rollupOptions: { input: { lab: 'index.html', bench: 'bench/browser/index.html' } },
    },
  });
}

/** bench/device.ts and what it imports as one ES module for node; playwright-core stays a package beside it. */
async function bundleBench(out: string): Promise<void> {
  const stub = '\0playwright-test-stub';
  await build({
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    publicDir: false,
    // playwright.config.ts (CHROMIUM_ARGS) imports @playwright/test for defineConfig alone.
    plugins: [
      {
        name: 'playwright-test-stub',
        enforce: 'pre',
        resolveId: (id) => (id === '@playwright/test' ? stub : undefined),
        load: (id) => (id === stub ? 'export const defineConfig = (config) => config;' : undefined),
      },
    ],
    ssr: { noExternal: ['@playwright/test'], target: 'node' },
    build: {
      ssr: 'bench/device.ts',
      outDir: out,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { external: ['playwright-core', 'vite'], output: { entryFileNames: 'device.mjs' } },
    },
  });
}

/** Every shared library `binaries` load, by ldd, except SYSTEM_LIBS. */
function libraryClosure(binaries: string[]): string[] {
  const found = new Set<string>();
  for (const binary of binaries)
    for (const line of sh('ldd', [binary]).split('\n')) {
      const path = line.match(/=> (\/\S+)/)?.[1];
      if (path && !SYSTEM_LIBS.test(basename(path))) found.add(path);
    }
  return [...found].sort();
}

/** Vulkan's validation layer and mock driver (23 MiB, for debugging Chromium itself). */
const SKIPPED = /^(libVkLayer_khronos_validation|libVkICD_mock_icd)/;

/** NSS loads its crypto modules at run time (Chromium's network stack initialises it even for localhost). */
const NSS_DIR = '/usr/lib/x86_64-linux-gnu/nss';

function tarXz(archive: string, from: string, entries: string[]): void {
  execFileSync('tar', ['-cJf', archive, '-C', from, ...entries], {
    stdio: 'inherit',
    env: { ...process.env, XZ_OPT: '-9 -T0' },
  });
  console.error(`device kit: ${basename(archive)} ${(statSync(archive).size / 2 ** 20).toFixed(1)} MiB`);
}

/**
 * Cuts the archives into pieces named `<archive>.<i>-of-<n>` that fill p1, p2, … in order, each part at most
 * PART_LIMIT bytes. Returns the number of parts.
 */
function distribute(archives: string[]): number {
  let part = 1;
  let room = PART_LIMIT;
  for (const archive of archives) {
    const bytes = readFileSync(archive);
    const pieces: Buffer[] = [];
    const starts: number[] = [];
    for (let at = 0; at < bytes.length;) {
      if (room === 0) [part, room] = [part + 1, PART_LIMIT];
      const size = Math.min(room, bytes.length - at);
      pieces.push(bytes.subarray(at, at + size));
      starts.push(part);
      room -= size;
      at += size;
    }
    pieces.forEach((piece, i) => {
      const dir = join(KIT, `p${starts[i]!}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${basename(archive)}.${i + 1}-of-${pieces.length}`), piece);
    });
  }
  return part;
}

async function main(): Promise<void> {
  rmSync(STAGE, { recursive: true, force: true });
  for (const dir of existsSync(KIT) ? readdirSync(KIT) : [])
    if (/^p\d+$/.test(dir)) rmSync(join(KIT, dir), { recursive: true, force: true });
  const debs = join(STAGE, 'debs');
  const root = join(STAGE, 'root');
  const cache = join(KIT, 'cache');
  mkdirSync(debs, { recursive: true });
  mkdirSync(cache, { recursive: true });
  sh('apt-get', ['download', 'chromium', 'chromium-common'], debs);
  for (const deb of readdirSync(debs)) sh('dpkg-deb', ['-x', join(debs, deb), join(STAGE, 'deb')]);
  const chromiumDir = join(STAGE, 'deb', 'usr', 'lib', 'chromium');
  const browser = join(chromiumDir, 'chromium');

  // Chromium, kept from an earlier kit of the same Debian version.
  const chromiumArchive = join(cache, 'chromium.tar.xz');
  const version = readdirSync(debs).sort().join('\n');
  const stamp = join(cache, 'VERSION');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== version || !existsSync(chromiumArchive)) {
    mkdirSync(join(root, 'chromium'), { recursive: true });
    for (const file of readdirSync(chromiumDir)) {
      const from = join(chromiumDir, file);
      if (!SKIPPED.test(file) && statSync(from).isFile()) copyFileSync(from, join(root, 'chromium', file));
    }
    cpSync(join(chromiumDir, 'locales'), join(root, 'chromium', 'locales'), { recursive: true });
    tarXz(chromiumArchive, root, ['chromium']);
    writeFileSync(stamp, version);
  }

  // The rest: libraries, node, playwright-core, the bench and the site.
  const node = execFileSync('readlink', ['-f', process.execPath]).toString().trim();
  mkdirSync(join(root, 'lib'), { recursive: true });
  for (const lib of libraryClosure([browser, node])) copyFileSync(lib, join(root, 'lib', basename(lib)));
  if (existsSync(NSS_DIR)) cpSync(NSS_DIR, join(root, 'lib', 'nss'), { recursive: true });
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync(node, join(root, 'bin', 'node'));
  cpSync('node_modules/playwright-core', join(root, 'node_modules', 'playwright-core'), { recursive: true });
  await bundleBench(join(root, 'bench'));
  await buildSite(join(root, 'site'));
  const runtimeArchive = join(STAGE, 'runtime.tar.xz');
  tarXz(runtimeArchive, root, ['lib', 'bin', 'node_modules', 'bench', 'site']);

  const parts = distribute([chromiumArchive, runtimeArchive]);
  rmSync(STAGE, { recursive: true, force: true });
  const sizes = Array.from({ length: parts }, (_, i) => {
    const dir = join(KIT, `p${i + 1}`);
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    return `p${i + 1} ${(bytes / 2 ** 20).toFixed(1)} MiB`;
  });
  console.error(`device kit: ${sizes.join(', ')} (docs/deviceKit.md says how to run them)`);
}

void main();
