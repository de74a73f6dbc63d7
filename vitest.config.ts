import { defineConfig } from 'vitest/config';

// Unit tests: the pure modules run in Node (metric/, cluster/, data/ logic, train/ kernels).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
