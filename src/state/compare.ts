/**
 * The comparison of 2–6 configurations trained in lockstep: what to compare (with the two presets of the issue),
 * the curves as they arrive, and the ranking table.
 */
import { AUGMENTATION_PRESETS } from '../data/augmentation';
import { LOSSES, type LossId } from '../metric/catalog';
import { BACKBONES } from '../model/config';
import type { CompareEntry, ComparePoint } from '../train/comparison';
import type { TrainerSettings } from '../train/settings';
import { createStore } from './store';
import { lab } from './lab';

export interface CompareRun {
  label: string;
  settings: TrainerSettings;
  points: ComparePoint[];
  recall: { step: number; recallAt1: number }[];
}

export interface CompareState {
  status: 'idle' | 'running' | 'done' | 'error';
  message: string | null;
  entries: CompareEntry[];
  runs: CompareRun[];
  steps: number;
  evalEvery: number;
}

const entry = (base: TrainerSettings, loss: LossId, lossOptions: TrainerSettings['lossOptions'] = {}, extra: Partial<TrainerSettings> = {}): CompareEntry => {
  const label = [LOSSES[loss].label, ...Object.entries(lossOptions).map(([k, v]) => `${k}=${String(v)}`)].join(' · ');
  return { label, settings: { ...base, ...extra, loss, lossOptions } };
};

/**
 * The presets of the issues: Hermans et al.'s table, FaceNet's miners against batch-hard, and seed 002's "to
 * pretrain or not" (TriNet's pretrained ResNet against LuNet from scratch), the same loss for every backbone.
 */
export const COMPARE_PRESETS: { id: string; label: string; entries: (base: TrainerSettings) => CompareEntry[] }[] = [
  {
    id: 'inDefense',
    label: 'In Defense table (batch hard, soft, batch all ≠0, batch all, lifted)',
    entries: (base) => [
      entry(base, 'batchHard'),
      entry(base, 'batchHardSoft'),
      entry(base, 'batchAll', { reduction: 'meanNonZero' }),
      entry(base, 'batchAll', { reduction: 'mean' }),
      entry(base, 'lifted'),
    ],
  },
  {
    id: 'facenet',
    label: 'FaceNet semi-hard vs batch hard vs random triplets',
    entries: (base) => [entry(base, 'semiHard'), entry(base, 'batchHard'), entry(base, 'randomTriplets')],
  },
  {
    id: 'augmentation',
    label: 'Augmentation: none vs light vs standard vs strong (same loss)',
    entries: (base) =>
      (['none', 'light', 'standard', 'strong'] as const).map((id) => ({
        label: `${LOSSES[base.loss].label} · augmentation ${id}`,
        settings: { ...base, augmentation: AUGMENTATION_PRESETS[id] },
      })),
  },
  {
    id: 'pretrained',
    label: 'Pretrained vs from scratch (ResNet-34 frozen, fine-tuned, LuNet)',
    entries: (base) =>
      BACKBONES.map((b) => ({
        label: `${b.label} · ${LOSSES[base.loss].label}`,
        settings: { ...base, model: { ...base.model, backbone: b.id } },
      })),
  },
];

export const compareStore = createStore<CompareState>({ status: 'idle', message: null, entries: [], runs: [], steps: 100, evalEvery: 20 });

let unsubscribe: (() => void) | null = null;

export const compare = {
  store: compareStore,
  setEntries(entries: CompareEntry[]) {
    compareStore.set((s) => ({ ...s, entries }));
  },
  setSteps(steps: number, evalEvery: number) {
    compareStore.set((s) => ({ ...s, steps, evalEvery }));
  },
  async start(): Promise<void> {
    const worker = lab.worker();
    const { entries, steps, evalEvery } = compareStore.get();
    if (!worker) return;
    if (entries.length < 2 || entries.length > 6) {
      compareStore.set((s) => ({ ...s, status: 'error', message: `Choose 2 to 6 configurations (now ${entries.length}).` }));
      return;
    }
    unsubscribe?.();
    compareStore.set((s) => ({
      ...s,
      status: 'running',
      message: null,
      runs: entries.map((e) => ({ label: e.label, settings: e.settings, points: [], recall: [] })),
    }));
    unsubscribe = worker.onEvent((event) => {
      if (event.type === 'compare') {
        compareStore.set((s) => ({
          ...s,
          runs: s.runs.map((run, i) => ({
            ...run,
            points: [...run.points, ...event.points.filter((p) => p.run === i)],
            recall: [...run.recall, ...event.recall.filter((r) => r.run === i).map(({ step, recallAt1 }) => ({ step, recallAt1 }))],
          })),
        }));
      } else if (event.type === 'compareDone') {
        compareStore.set((s) => ({ ...s, status: event.message ? 'error' : 'done', message: event.message ?? null }));
      }
    });
    try {
      await worker.compareStart(entries, steps, evalEvery);
    } catch (error) {
      compareStore.set((s) => ({ ...s, status: 'error', message: error instanceof Error ? error.message : String(error) }));
    }
  },
  stop: () => lab.worker()?.compareStop(),
};
