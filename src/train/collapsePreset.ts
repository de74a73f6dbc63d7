/**
 * The "reproduce a collapse" classroom preset: batch-hard mining with SGD at learning rate 0.5 and no batch norm pulls every
 * embedding onto one point (FaceNet's f(x) = 0; triplet-reid issue 30), so a class can watch the census freeze and
 * the health banner fire.
 */
import type { TrainerSettings } from './settings';

export function collapsePreset(base: TrainerSettings): TrainerSettings {
  return {
    ...base,
    loss: 'batchHard',
    lossOptions: {},
    optimizer: 'sgdMomentum',
    learningRate: 0.5,
    margin: { kind: 'constant', margin: 0.5 },
    model: { ...base.model, batchNorm: false },
  };
}
