/**
 * Small files (style.md, habit 11): no source file in src/ is longer than 300 lines. A file past that is holding
 * more than one concept; split it by concept, not by line count. Data and fixtures (JSON, images) and the
 * stylesheets are not source code and are not counted.
 *
 * Usage: node scripts/checkFileLength.mjs [folder …]   (default src; run by npm run lint)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX_LINES = 300;
const SOURCE = /\.(ts|tsx|js|mjs|py)$/;

/** Every source file under `dir`, depth first. */
function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.isFile() && SOURCE.test(entry.name)) yield path;
  }
}

/** Lines as an editor numbers them: a final newline does not start another line. */
function lineCount(text) {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['src'];
const long = roots
  .flatMap((root) => [...sourceFiles(root)])
  .map((path) => ({ path, lines: lineCount(readFileSync(path, 'utf8')) }))
  .filter((f) => f.lines > MAX_LINES)
  .sort((a, b) => b.lines - a.lines);

if (long.length > 0) {
  console.error(
    `${long.length} file(s) in ${roots.join(', ')} over ${MAX_LINES} lines (style.md: one concept per file):`,
  );
  for (const f of long) console.error(`  ${f.path}: ${f.lines} lines`);
  process.exit(1);
}
console.log(`File length: every source file in ${roots.join(', ')} has at most ${MAX_LINES} lines.`);
