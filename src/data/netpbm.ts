/**
 * netpbm PGM and PPM (P2, P5 gray; P3, P6 RGB; maxval 1–65535), which browsers cannot decode.
 * Samples are rescaled to 8 bits with round(v · 255 / maxval). Binary 16-bit samples are big-endian (the netpbm spec).
 */
import type { RawImage } from './imageSpec';

export class NetpbmError extends Error {
  constructor(
    message: string,
    /** 'truncated': fewer samples than the header promises; 'corrupt': anything else. */
    readonly kind: 'truncated' | 'corrupt',
  ) {
    super(message);
  }
}

export interface NetpbmHeader {
  magic: 'P2' | 'P3' | 'P5' | 'P6';
  width: number;
  height: number;
  maxval: number;
  channels: 1 | 3;
  /** Byte offset of the first sample (binary) or of the raster text (ASCII). */
  dataOffset: number;
}

const isSpace = (b: number): boolean =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;

/** Read the header: magic, then width, height, maxval as ASCII decimals separated by whitespace and # comments. */
export function parseNetpbmHeader(bytes: Uint8Array): NetpbmHeader {
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (magic !== 'P2' && magic !== 'P3' && magic !== 'P5' && magic !== 'P6') {
    throw new NetpbmError(`not a PGM/PPM file (magic "${magic}")`, 'corrupt');
  }
  let o = 2;
  const fields: number[] = [];
  while (fields.length < 3) {
    // Skip whitespace and comments (a comment runs to the end of its line).
    while (o < bytes.length) {
      const b = bytes[o] as number;
      if (isSpace(b)) o++;
      else if (b === 0x23) while (o < bytes.length && bytes[o] !== 0x0a && bytes[o] !== 0x0d) o++;
      else break;
    }
    if (o >= bytes.length) throw new NetpbmError('header ends early', 'truncated');
    let value = 0;
    const start = o;
    while (o < bytes.length && (bytes[o] as number) >= 0x30 && (bytes[o] as number) <= 0x39) {
      value = value * 10 + ((bytes[o] as number) - 0x30);
      o++;
    }
    if (o === start) throw new NetpbmError(`unexpected byte 0x${(bytes[o] ?? 0).toString(16)} in header`, 'corrupt');
    fields.push(value);
  }
  const [width, height, maxval] = fields as [number, number, number];
  if (width < 1 || height < 1) throw new NetpbmError(`bad size ${width}×${height}`, 'corrupt');
  if (maxval < 1 || maxval > 65535) throw new NetpbmError(`maxval ${maxval} outside 1–65535`, 'corrupt');
  // Exactly one whitespace byte separates the header from binary samples.
  if (o >= bytes.length) throw new NetpbmError('header ends early', 'truncated');
  if (!isSpace(bytes[o] as number)) throw new NetpbmError('no whitespace after maxval', 'corrupt');
  return { magic, width, height, maxval, channels: magic === 'P2' || magic === 'P5' ? 1 : 3, dataOffset: o + 1 };
}

/** Decode a PGM/PPM file to 8-bit gray or RGB. Throws NetpbmError. */
export function parseNetpbm(bytes: Uint8Array): RawImage {
  const h = parseNetpbmHeader(bytes);
  const count = h.width * h.height * h.channels;
  const out = new Uint8Array(count);
  const put = (i: number, v: number): void => {
    if (v > h.maxval) throw new NetpbmError(`sample ${v} exceeds maxval ${h.maxval}`, 'corrupt');
    out[i] = Math.round((v * 255) / h.maxval); // v·255 is exact, so halves round up consistently
  };
  if (h.magic === 'P5' || h.magic === 'P6') {
    const wide = h.maxval > 255;
    const need = count * (wide ? 2 : 1);
    if (bytes.length - h.dataOffset < need) {
      throw new NetpbmError(`${bytes.length - h.dataOffset} of ${need} sample bytes present`, 'truncated');
    }
    let o = h.dataOffset;
    if (wide) for (let i = 0; i < count; i++, o += 2) put(i, ((bytes[o] as number) << 8) | (bytes[o + 1] as number));
    else if (h.maxval === 255) out.set(bytes.subarray(o, o + count));
    else for (let i = 0; i < count; i++) put(i, bytes[o + i] as number);
  } else {
    let o = h.dataOffset - 1;
    for (let i = 0; i < count; i++) {
      while (o < bytes.length && (isSpace(bytes[o] as number) || bytes[o] === 0x23)) {
        if (bytes[o] === 0x23) while (o < bytes.length && bytes[o] !== 0x0a) o++;
        else o++;
      }
      if (o >= bytes.length) throw new NetpbmError(`${i} of ${count} samples present`, 'truncated');
      let v = 0;
      const start = o;
      while (o < bytes.length && (bytes[o] as number) >= 0x30 && (bytes[o] as number) <= 0x39)
        v = v * 10 + ((bytes[o++] as number) - 0x30);
      if (o === start) throw new NetpbmError(`unexpected byte 0x${(bytes[o] ?? 0).toString(16)} in samples`, 'corrupt');
      put(i, v);
    }
  }
  return { width: h.width, height: h.height, channels: h.channels, data: out };
}
