import { describe, expect, it } from 'vitest';
import { modelFileSet, modelJson, weightsBin } from './modelFiles';

describe('model files', () => {
  const specs = [{ name: 'dense/kernel', shape: [2, 1], dtype: 'float32' as const }];

  it('model.json points its one manifest group at weights.bin; metadata only when the run has some', () => {
    const json = JSON.parse(
      modelJson({ modelTopology: { class_name: 'Sequential' }, weightSpecs: specs, generatedBy: 'tfjs' }),
    );
    expect(json).toEqual({
      modelTopology: { class_name: 'Sequential' },
      format: 'layers-model',
      generatedBy: 'tfjs',
      convertedBy: null,
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    });
    const withMeta = JSON.parse(modelJson({ modelTopology: {}, userDefinedMetadata: { seed: 1 } }));
    expect(withMeta.userDefinedMetadata).toEqual({ seed: 1 });
  });

  it('weights.bin is the shards one after another', () => {
    const bytes = new Uint8Array(weightsBin({ weightData: [Uint8Array.of(1, 2).buffer, Uint8Array.of(3).buffer] }));
    expect([...bytes]).toEqual([1, 2, 3]);
    expect([...new Uint8Array(weightsBin({ weightData: Uint8Array.of(9, 8).buffer }))]).toEqual([9, 8]);
    expect(weightsBin({}).byteLength).toBe(0);
  });

  it('a pick puts model.json first and is refused without both kinds', () => {
    const named = (name: string) => ({ name });
    expect(modelFileSet([named('weights.bin'), named('model.json'), named('extra.bin')]).map((f) => f.name)).toEqual([
      'model.json',
      'weights.bin',
      'extra.bin',
    ]);
    expect(() => modelFileSet([named('model.json')])).toThrow('Pick both files: model.json and weights.bin.');
    expect(() => modelFileSet([named('weights.bin')])).toThrow('Pick both files: model.json and weights.bin.');
  });
});
