/** The exported schedule, run by Python, equals the lab's; the exported augmentation parses and names its values. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AUGMENTATION_PRESETS } from '../data/augmentation';
import { learningRateAt, type LearningRateSchedule } from '../train/learningRate';
import { augmentationBlock, scheduleFunction } from './pythonTraining';

const PYTHON = '/usr/bin/python3';
const STEPS = [0, 1, 2, 5, 49, 50, 99, 100, 150, 199, 200, 250, 1000];

function pythonFactors(s: LearningRateSchedule): number[] {
  const program = `import math\n${scheduleFunction(s)}\nprint(' '.join(repr(lr_factor(t)) for t in ${JSON.stringify(STEPS)}))`;
  const out = spawnSync(PYTHON, ['-c', program], { encoding: 'utf8' });
  expect(out.stderr).toBe('');
  return out.stdout.trim().split(' ').map(Number);
}

describe('Python export: schedule and augmentation', () => {
  const schedules: LearningRateSchedule[] = [
    { kind: 'constant', start: 0, end: 1, warmup: 0 },
    { kind: 'constant', start: 0, end: 1, warmup: 10 },
    { kind: 'exponential', start: 100, end: 200, warmup: 0 },
    { kind: 'exponential', start: 50, end: 200, warmup: 3 },
    { kind: 'cosine', start: 0, end: 250, warmup: 0 },
    { kind: 'cosine', start: 100, end: 200, warmup: 50 },
  ];
  for (const s of schedules) {
    it(`lr_factor equals the lab's learningRateAt: ${s.kind}, t0 ${s.start}, t1 ${s.end}, warm-up ${s.warmup}`, () => {
      const python = pythonFactors(s);
      STEPS.forEach((t, i) => expect(python[i]).toBeCloseTo(learningRateAt(s, 1, t), 12));
    });
  }

  it('the augmentation block parses and carries the settings', () => {
    const block = augmentationBlock(AUGMENTATION_PRESETS.strong);
    const out = spawnSync(PYTHON, ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: block, encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(block).toContain('CROP_SCALE, CROP_RATIO = 0.5, 1.33');
    expect(block).toContain('ROTATION = 15');
    expect(block).toContain('BLUR_P, ERASE_P = 0.2, 0.3');
    expect(augmentationBlock(AUGMENTATION_PRESETS.none)).toContain('AUGMENT = False');
  });
});
