import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation (COOP/COEP) in dev, preview and build alike, so SharedArrayBuffer and wasm threads exist.
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true, headers: ISOLATION },
  preview: { port: 4173, strictPort: true, headers: ISOLATION },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, assetsInlineLimit: 0 },
});
