import { describe, expect, it } from 'vitest';
import { AUGMENTATION_PRESETS } from '../data/augmentation';
import { fitTrainerToData } from './dataDefaults';
import { DEFAULT_TRAINER_SETTINGS } from './settings';

const shape = { name: 'faces', identities: 40, images: 400, resolution: 64, channels: 1 as const, singleImageIdentities: 0 };

describe('fitTrainerToData', () => {
  it('a 40 × 10 grayscale set: P × K = 8 × 4, light augmentation, said in words', () => {
    const { trainer, summary } = fitTrainerToData(DEFAULT_TRAINER_SETTINGS, shape);
    expect([trainer.P, trainer.K]).toEqual([8, 4]);
    expect(trainer.augmentation).toEqual(AUGMENTATION_PRESETS.light);
    expect(summary).toContain('40 identities (32 train, 8 held out)');
    expect(summary).toContain('64×64 grayscale');
    expect(summary).toContain('augmentation “light”');
  });

  it('few identities or images shrink P and K to what the split can give (never below 2)', () => {
    const small = fitTrainerToData(DEFAULT_TRAINER_SETTINGS, { ...shape, identities: 5, images: 15 }).trainer;
    // 5 identities: 1 held out, 4 train; 3 images each.
    expect([small.P, small.K]).toEqual([4, 3]);
    // One of 5 has a single image: 4 eligible, round(0.8) = 1 held out, 3 can be anchors.
    const single = fitTrainerToData(DEFAULT_TRAINER_SETTINGS, { ...shape, identities: 5, images: 13, singleImageIdentities: 1 }).trainer;
    expect(single.P).toBe(3);
    const tiny = fitTrainerToData(DEFAULT_TRAINER_SETTINGS, { ...shape, identities: 2, images: 2 }).trainer;
    expect([tiny.P, tiny.K]).toEqual([2, 2]);
  });

  it('many images per identity (past 30) get no augmentation', () => {
    expect(fitTrainerToData(DEFAULT_TRAINER_SETTINGS, { ...shape, images: 40 * 30 }).trainer.augmentation).toEqual(AUGMENTATION_PRESETS.light);
    expect(fitTrainerToData(DEFAULT_TRAINER_SETTINGS, { ...shape, images: 40 * 100 }).trainer.augmentation).toEqual(AUGMENTATION_PRESETS.none);
  });

  it('keeps every other setting', () => {
    const base = { ...DEFAULT_TRAINER_SETTINGS, loss: 'batchAll' as const, learningRate: 3e-4 };
    const { trainer } = fitTrainerToData(base, shape);
    expect({ ...trainer, P: base.P, K: base.K, augmentation: base.augmentation }).toEqual(base);
  });
});
