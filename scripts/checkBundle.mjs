/**
 * The page's first load, measured on the build's own output: the entry chunk of index.html and every chunk it
 * imports statically (dist/.vite/manifest.json; lazy import() chunks and workers load later), gzipped as a server
 * sends them. Fails, naming the chunks and what fills them (dist/.vite/chunk-contents.json, written by vite.config.ts),
 * when that JavaScript passes BUDGET_KB gzipped or holds a package that belongs in a worker or a lazy chunk.
 *
 * Usage, after `vite build`: node scripts/checkBundle.mjs [distDir]   (default: dist)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** kB of gzipped JavaScript (1 kB = 1,000 bytes, as Vite prints them) the page may load before it is usable. */
const BUDGET_KB = 300;

/** Packages that run in workers or behind import(), never in the page's first load. */
const NOT_ON_PAGE = [/^@tensorflow\//, /^plotly\.js/, /^umap-js$/, /^@vladmandic\/face-api$/];

const dist = process.argv[2] ?? 'dist';
const manifestPath = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(
    `checkBundle: ${manifestPath} is missing; run \`vite build\` first (vite.config.ts sets build.manifest).`,
  );
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const contentsPath = join(dist, '.vite', 'chunk-contents.json');
const contents = existsSync(contentsPath) ? JSON.parse(readFileSync(contentsPath, 'utf8')) : {};

/** The entry chunks and, depth first, every chunk they import statically. */
function firstLoad() {
  const files = [];
  const seen = new Set();
  const visit = (key, why) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`checkBundle: the manifest has no entry ${key}`);
    files.push({ file: chunk.file, why });
    for (const imported of chunk.imports ?? []) visit(imported, `imported by ${chunk.file}`);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key, `entry of ${key}`);
  return files;
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const largestParts = (file, n = 6) =>
  Object.entries(contents[file]?.bytes ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([part, bytes]) => `${part} ${kB(bytes)}`)
    .join(', ');

const chunks = firstLoad()
  .filter(({ file }) => file.endsWith('.js'))
  .map(({ file, why }) => {
    const code = readFileSync(join(dist, file));
    return { file, why, raw: code.length, gzip: gzipSync(code).length };
  });
const total = chunks.reduce((sum, c) => sum + c.gzip, 0);

console.log(`First-load JavaScript of ${dist} (budget ${BUDGET_KB} kB gzipped):`);
for (const c of chunks) console.log(`  ${c.file}  ${kB(c.raw)} raw, ${kB(c.gzip)} gzipped  (${c.why})`);
console.log(`  total ${kB(total)} gzipped`);

const problems = [];
if (total > BUDGET_KB * 1000) {
  const heaviest = [...chunks].sort((a, b) => b.gzip - a.gzip)[0];
  problems.push(
    `the page's first-load JavaScript is ${kB(total)} gzipped, over the ${BUDGET_KB} kB budget. ` +
      `Largest: ${heaviest.file} (${kB(heaviest.gzip)} gzipped; rendered before minification: ${largestParts(heaviest.file)}). ` +
      'Move what the page does not need to start into a worker or behind import().',
  );
}
/** How a part came into the first load: the chain of static imports from an entry, when the build recorded it. */
const via = (part) =>
  Object.values(contents)
    .map((c) => c.via?.[part])
    .find(Boolean) ?? 'a static import from the entry';
for (const c of chunks) {
  const banned = Object.keys(contents[c.file]?.bytes ?? {}).filter((part) => NOT_ON_PAGE.some((re) => re.test(part)));
  for (const part of banned)
    problems.push(
      `${c.file} (${c.why}) holds ${part}, which must run in a worker or load behind import(); it comes in by ` +
        `${via(part)}. Import a tfjs-free module instead (metric/catalog, metric/statsLayout, …), or load it lazily.`,
    );
}
if (!existsSync(contentsPath))
  problems.push(`${contentsPath} is missing: vite.config.ts's chunkContents plugin writes it.`);
if (problems.length > 0) {
  for (const p of problems) console.error(`checkBundle: ${p}`);
  process.exit(1);
}
console.log('checkBundle: ok');
