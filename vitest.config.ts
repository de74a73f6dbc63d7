import { defineConfig } from 'vitest/config';
import { TFJS_DEEP_IMPORTS } from './vite.config.ts';

// Unit tests: the pure modules run in Node (metric/, cluster/, data/ logic, train/ kernels).
export default defineConfig({
  resolve: { alias: TFJS_DEEP_IMPORTS },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'eslint.config.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Transformed by Vite rather than loaded by Node, so its deep tfjs imports go through the aliases.
    server: { deps: { inline: ['@vladmandic/face-api'] } },
  },
});
