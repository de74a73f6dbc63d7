import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { TFJS_DEEP_IMPORTS } from './vite.config.ts';

// Unit tests: the pure modules run in Node (metric/, cluster/, data/ logic, train/ kernels).
export default defineConfig({
  // The page's loss catalog is built from the loss files at build time; in Node it is the registry itself.
  resolve: {
    alias: [...TFJS_DEEP_IMPORTS, { find: /^virtual:loss-catalog$/, replacement: fileURLToPath(new URL('./src/metric/liveCatalog.ts', import.meta.url)) }],
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'eslint.config.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Transformed by Vite rather than loaded by Node, so its deep tfjs imports go through the aliases.
    server: { deps: { inline: ['@vladmandic/face-api'] } },
  },
});
