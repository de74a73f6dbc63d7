/**
 * angularTriplet as the page shows it: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/angularTriplet.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export interface AngularTripletOptions extends BaseLossOptions {
  /** Integer angular margin m of ψ (SphereFace uses 4; seed 004 suggests 2 for small sets). */
  angularMargin: number;
  lambdaBase: number;
  lambdaGamma: number;
  lambdaPower: number;
  lambdaMin: number;
  /** Only semi-hard negatives compete. */
  semiHard: boolean;
}

export const angularTripletInfo: LossInfo<AngularTripletOptions> = {
  id: 'angularTriplet',
  label: 'Angular triplet (ATL)',
  description: 'A-Softmax over the positive and the negatives as fixed class centres; only the anchor moves.',
  explanation:
    'The angular triplet loss borrows SphereFace\u2019s multiplicative angular margin: the anchor must be m times ' +
    'closer in angle to its positive than to any negative, each image acting as a class centre whose gradient is ' +
    'stopped. λ blends the plain cosine in at the start and anneals down to λ_min so training does not stall. The ' +
    'semi-hard option lets only the negatives inside the margin window compete.',
  formula: String.raw`\mathcal{L} = -\log \frac{e^{\|a\| \frac{\lambda \cos\theta_{ap} + \psi(\theta_{ap})}{1+\lambda}}}{e^{\|a\| \frac{\lambda \cos\theta_{ap} + \psi(\theta_{ap})}{1+\lambda}} + \sum_n e^{\|a\|\cos\theta_{an}}},\; \psi(\theta) = (-1)^k \cos(m\theta) - 2k`,
  source: 'Angular Triplet Loss (Tian Xing, GitHub tianxingyzxq), after Liu et al. 2017, SphereFace',
  options: [
    { name: 'angularMargin', type: 'integer', default: 2, min: 1, max: 4, description: 'Angular margin m of ψ.' },
    { name: 'lambdaBase', type: 'number', default: 1000, min: 0, max: 10000, description: 'λ at step 0.' },
    { name: 'lambdaGamma', type: 'number', default: 0.12, min: 0, max: 10, description: 'Annealing rate γ.' },
    { name: 'lambdaPower', type: 'number', default: 1, min: 0, max: 10, description: 'Annealing power.' },
    { name: 'lambdaMin', type: 'number', default: 3, min: 0, max: 1000, description: 'Floor λ_min of the annealing.' },
    { name: 'semiHard', type: 'boolean', default: false, description: 'Only semi-hard negatives compete.' },
  ],
  defaults: {
    ...BASE_DEFAULTS,
    distance: 'cosine',
    angularMargin: 2,
    lambdaBase: 1000,
    lambdaGamma: 0.12,
    lambdaPower: 1,
    lambdaMin: 3,
    semiHard: false,
  },
  fixedDistance: 'cosine',
};
