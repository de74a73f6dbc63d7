/**
 * A production build served as `vite preview` serves it (the COOP/COEP headers of vite.config.ts, so that
 * SharedArrayBuffer and wasm threads exist), with nothing but node:http: the GPU machine's bench (bench/device.ts)
 * runs where there is no node_modules and so no Vite.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** The file under `root` that a request path names: a folder's index.html; null outside `root` or where none is. */
export function resolveFile(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/');
  } catch {
    return null;
  }
  const file = normalize(join(root, path));
  if (file !== normalize(root) && !file.startsWith(normalize(root + sep))) return null;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return resolveFile(root, `${path.replace(/\/?$/, '/')}index.html`);
    return stat.isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Serves `root` on localhost:`port` until the returned server is closed. */
export async function serveSite(root: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const file = resolveFile(root, request.url ?? '/');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${request.url ?? ''}`);
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', resolve);
  });
  return server;
}
