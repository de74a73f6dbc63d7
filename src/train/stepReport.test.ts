import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { registerConvGradientKernels } from './convGradientKernels';
import { openDataset } from './datasetSource';
import { DEFAULT_TRAINER_SETTINGS } from './settings';
import { embeddingRows, finiteEmbeddings, reportTransfer } from './stepReport';
import { Trainer } from './trainer';

describe('step report decoding', () => {
  it('embeddingRows splits the flat [B × D] array into B rows of D', () => {
    const embeddings = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(embeddingRows({ embeddings, dim: 3 })).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(embeddingRows({ embeddings, dim: 2 })).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(embeddingRows({ embeddings: new Float32Array(0), dim: 4 })).toEqual([]);
  });

  it('finiteEmbeddings is false on any NaN or infinity', () => {
    expect(finiteEmbeddings({ embeddings: Float32Array.from([0, -1, 3.5]) })).toBe(true);
    expect(finiteEmbeddings({ embeddings: Float32Array.from([0, NaN, 1]) })).toBe(false);
    expect(finiteEmbeddings({ embeddings: Float32Array.from([Infinity]) })).toBe(false);
    expect(finiteEmbeddings({ embeddings: Float32Array.from([0, -Infinity]) })).toBe(false);
  });
});

describe("a trainer step's report (wasm, tiny model)", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it('carries unit-norm embedding rows, the batch labels, and buffers of its own that transfer whole', async () => {
    const faces = { ...SYNTHETIC_DEFAULTS, identities: 24, imagesPerIdentity: 5, resolution: 32, seed: 2 };
    const data = await openDataset({ kind: 'synthetic', settings: faces }, 1);
    const settings = {
      ...DEFAULT_TRAINER_SETTINGS,
      P: 4,
      K: 3,
      model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16 },
    };
    const trainer = new Trainer(settings, data.source, { train: data.train });
    await trainer.trainStep();
    const tensors = tf.memory().numTensors;
    const report = await trainer.trainStep();
    expect(tf.memory().numTensors).toBe(tensors);
    trainer.dispose();

    const B = settings.P * settings.K;
    expect(report.dim).toBe(16);
    expect(report.labels).toHaveLength(B);
    expect(report.indices).toHaveLength(B);
    expect(report.embeddings).toHaveLength(B * 16);
    // Synthetic image i belongs to identity ⌊i / imagesPerIdentity⌋.
    expect(Array.from(report.labels)).toEqual(
      Array.from(report.indices, (i) => Math.floor(i / faces.imagesPerIdentity)),
    );
    // The model normalises: every row has unit length (float64 sum of squares).
    const rows = embeddingRows(report);
    expect(rows).toHaveLength(B);
    for (const row of rows) expect(Math.sqrt(row.reduce((s, v) => s + v * v, 0))).toBeCloseTo(1, 5);

    // Each array owns exactly its buffer, so the transfer list hands over nothing more and has no duplicates.
    for (const a of [report.embeddings, report.labels, report.indices]) {
      expect(a.byteOffset).toBe(0);
      expect(a.buffer.byteLength).toBe(a.byteLength);
    }
    const values = Array.from(report.embeddings);
    const labels = Array.from(report.labels);
    const moved = structuredClone(report, { transfer: reportTransfer(report) });
    expect(Array.from(moved.embeddings)).toEqual(values);
    expect(Array.from(moved.labels)).toEqual(labels);
    expect(moved.stats.loss).toBe(report.stats.loss);
    // Transferred, not copied: the sender's arrays are detached.
    expect(report.embeddings.byteLength).toBe(0);
    expect(report.indices.byteLength).toBe(0);
  }, 60_000);
});
