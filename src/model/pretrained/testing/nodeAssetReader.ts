/** Tests and the bench read the face-api model files straight from the installed package. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssetReader } from '../faceApiWeights';

export const FACE_API_MODEL_DIR = join('node_modules', '@vladmandic', 'face-api', 'model');

export const nodeAssetReader: AssetReader = async (fileName) => {
  const bytes = await readFile(join(FACE_API_MODEL_DIR, fileName));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
