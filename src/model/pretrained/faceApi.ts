/**
 * The one entry to @vladmandic/face-api: its no-bundle ESM build, which imports tfjs by deep paths that vite.config.ts
 * and vitest.config.ts alias to the app's own @tensorflow/tfjs, so the package and the lab share one engine (one
 * backend, one tensor registry). Nothing else imports the package directly.
 */
export * as faceApi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
