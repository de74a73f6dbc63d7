/**
 * face-api's no-bundle build imports tfjs by deep ESM paths; under Node (tsx) those would load a second tfjs engine
 * beside the lab's (the packages' CommonJS mains). This resolve hook maps them to the package roots, as
 * vite.config.ts's TFJS_DEEP_IMPORTS does for Vite and Vitest. Import this module before anything that imports
 * face-api (the bench loads the rest dynamically after it).
 */
import { register } from 'node:module';

const HOOK = `
const MAP = {
  '@tensorflow/tfjs/dist/index.js': '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-webgl/dist/index.js': '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-wasm/dist/index.js': '@tensorflow/tfjs-backend-wasm',
};
export async function resolve(specifier, context, next) {
  return next(MAP[specifier] ?? specifier, context);
}
`;

register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
