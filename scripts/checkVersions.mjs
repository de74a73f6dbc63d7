/**
 * One version policy: the packages of a family are released together and must move together, so each family is
 * declared at one exact version in package.json, and package-lock.json installs that version and no other copy
 * (a second tfjs-core would be a second engine with its own kernels and backends).
 *
 * Usage: node scripts/checkVersions.mjs   (from the repository root; run by npm run check:deps)
 */
import { readFileSync } from 'node:fs';

/** Families of packages that share one version. */
const FAMILIES = {
  TensorFlow: /^@tensorflow\/tfjs(-.+)?$/,
  Playwright: /^(@playwright\/test|playwright|playwright-core)$/,
};

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const declared = { ...manifest.dependencies, ...manifest.devDependencies };
const problems = [];

for (const [family, pattern] of Object.entries(FAMILIES)) {
  const members = Object.entries(declared).filter(([name]) => pattern.test(name));
  if (members.length === 0) continue;
  const versions = new Set(members.map(([, spec]) => spec));
  const [version] = versions;
  if (versions.size > 1 || !/^\d+\.\d+\.\d+$/.test(version)) {
    problems.push(
      `${family} packages must be declared at one exact version; package.json has ` +
        members.map(([name, spec]) => `${name}@${spec}`).join(', '),
    );
    continue;
  }
  // Every installed copy, at any depth of node_modules.
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const name = path.replace(/^.*node_modules\//, '');
    if (path.startsWith('node_modules/') && pattern.test(name) && entry.version !== version)
      problems.push(`${family}: package-lock.json installs ${path}@${entry.version}, not ${version}`);
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`checkVersions: ${p}`);
  process.exit(1);
}
console.log(`checkVersions: ok (${Object.keys(FAMILIES).join(', ')})`);
