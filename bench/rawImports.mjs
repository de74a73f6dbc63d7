// Node module hooks for Vite-only imports, so bench modules that build the training package run under tsx: `?raw`
// (the package's .py files) as a default-exported string, and virtual:loss-catalog as vitest aliases it.
import { readFile } from 'node:fs/promises';

const CATALOG = new URL('../src/metric/liveCatalog.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'virtual:loss-catalog') return next(CATALOG, context);
  if (!specifier.endsWith('?raw')) return next(specifier, context);
  return { url: new URL(specifier, context.parentURL).href, shortCircuit: true };
}

export async function load(url, context, next) {
  if (!url.endsWith('?raw')) return next(url, context);
  const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
