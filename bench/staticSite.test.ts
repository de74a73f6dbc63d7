import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveFile, serveSite } from './staticSite';

const root = mkdtempSync(join(tmpdir(), 'site-'));
mkdirSync(join(root, 'bench', 'browser'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<p>lab</p>');
writeFileSync(join(root, 'bench', 'browser', 'index.html'), '<p>bench</p>');
writeFileSync(join(root, 'kernel.wasm'), new Uint8Array([0, 97, 115, 109]));
const outside = `${root}-secret.txt`;
writeFileSync(outside, 'not served');

describe('resolveFile', () => {
  it('maps paths, folders and queries to files under the root', () => {
    expect(resolveFile(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveFile(root, '/?threads=1#net=standard')).toBe(join(root, 'index.html'));
    expect(resolveFile(root, '/bench/browser/index.html?task=raw')).toBe(join(root, 'bench', 'browser', 'index.html'));
    expect(resolveFile(root, '/bench/browser')).toBe(join(root, 'bench', 'browser', 'index.html'));
    expect(resolveFile(root, '/kernel.wasm')).toBe(join(root, 'kernel.wasm'));
  });

  it('serves nothing outside the root, missing or malformed', () => {
    expect(resolveFile(root, '/../' + outside.split('/').pop()!)).toBeNull();
    expect(resolveFile(root, '/%2e%2e/' + outside.split('/').pop()!)).toBeNull();
    expect(resolveFile(root, '/missing.js')).toBeNull();
    expect(resolveFile(root, '/bench')).toBeNull(); // a folder without index.html
    expect(resolveFile(root, '/%E0%A4%A')).toBeNull();
  });
});

describe('serveSite', () => {
  const started = serveSite(root, 0);
  afterAll(async () => (await started).close());

  it('sends the isolation headers and wasm as application/wasm, 404 for the rest', async () => {
    const { port } = (await started).address() as AddressInfo;
    const wasm = await fetch(`http://localhost:${port}/kernel.wasm`);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(wasm.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect([...new Uint8Array(await wasm.arrayBuffer())]).toEqual([0, 97, 115, 109]);
    const page = await fetch(`http://localhost:${port}/?threads=1`);
    expect(await page.text()).toBe('<p>lab</p>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const missing = await fetch(`http://localhost:${port}/nothing.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });
});
