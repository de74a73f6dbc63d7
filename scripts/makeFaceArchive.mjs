#!/usr/bin/env node
/**
 * A large face archive for the import's memory and responsiveness check (e2e/archiveBench.spec.ts):
 *   node scripts/makeFaceArchive.mjs <out.tar.gz | out.tgz | out.tar | out.zip> [megabytes = 300]
 * Identities "person_0000/" … of 10 noise PNGs each (256 × 256 RGB, about 197 kB, incompressible, every one
 * distinct), under a lone top folder "faces/" as `tar czf faces.tgz faces` would write it. Written as a stream:
 * the generator never holds more than one image.
 */
import { createWriteStream, statSync } from 'node:fs';
import { Duplex, Writable } from 'node:stream';
import { constants, createGzip, crc32, deflateSync } from 'node:zlib';
import { Zip, ZipPassThrough } from 'fflate';
import { createTarPacker } from 'modern-tar';

const SIDE = 256;
const PER_IDENTITY = 10;

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG of xorshift noise; `seed` makes each image's bytes distinct. */
export function noisePng(seed) {
  let s = (seed * 2654435761 + 1) >>> 0 || 1;
  const raw = Buffer.alloc(SIDE * (1 + SIDE * 3));
  for (let y = 0; y < SIDE; y++) {
    const row = y * (1 + SIDE * 3);
    raw[row] = 0; // filter: none
    for (let x = 1; x <= SIDE * 3; x++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      raw[row + x] = s & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIDE, 0);
  ihdr.writeUInt32BE(SIDE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const idat = deflateSync(raw, { level: 0 }); // noise does not compress: store it
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function* images(megabytes) {
  const one = noisePng(0).length;
  const n = Math.max(PER_IDENTITY * 2, Math.round((megabytes * 2 ** 20) / one));
  for (let i = 0; i < n; i++) {
    const identity = String(Math.floor(i / PER_IDENTITY)).padStart(4, '0');
    yield {
      name: `faces/person_${identity}/person_${identity}_${String(i % PER_IDENTITY).padStart(2, '0')}.png`,
      data: noisePng(i + 1),
    };
  }
}

/** Write the archive; resolves with { files, bytes } once it is on disk. */
export async function writeFaceArchive(path, megabytes = 300) {
  let files = 0;
  if (path.endsWith('.zip')) {
    const out = createWriteStream(path);
    const done = new Promise((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
    });
    const zip = new Zip((err, data, final) => {
      if (err) throw err;
      out.write(data);
      if (final) out.end();
    });
    for (const { name, data } of images(megabytes)) {
      const entry = new ZipPassThrough(name);
      zip.add(entry);
      entry.push(data, true);
      files++;
      if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
    }
    zip.end();
    await done;
  } else {
    const { readable, controller } = createTarPacker();
    const gzip = /\.(tgz|tar\.gz)$/.test(path);
    const body = gzip ? readable.pipeThrough(Duplex.toWeb(createGzip({ level: constants.Z_BEST_SPEED }))) : readable;
    const written = body.pipeTo(Writable.toWeb(createWriteStream(path)));
    for (const { name, data } of images(megabytes)) {
      const w = controller.add({ name, size: data.length, type: 'file' }).getWriter();
      await w.write(data);
      await w.close();
      files++;
    }
    controller.finalize();
    await written;
  }
  return { files, bytes: statSync(path).size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, mb] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node scripts/makeFaceArchive.mjs <out.tar.gz | out.tgz | out.tar | out.zip> [megabytes]');
    process.exit(2);
  }
  const { files, bytes } = await writeFaceArchive(path, Number(mb ?? 300));
  console.log(`${path}: ${files} images, ${(bytes / 2 ** 20).toFixed(1)} MB`);
}
