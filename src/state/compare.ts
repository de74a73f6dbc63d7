/**
 * The comparison of 2–6 configurations trained in lockstep over 1–10 seeds: what to compare (with the presets), the
 * budget, the curves as they arrive, and the statistics the worker sends after each seed (means, intervals, verdicts).
 */
import { AUGMENTATION_PRESETS } from '../data/augmentation';
import { LOSSES, type LossId } from '../metric/catalog';
import { BACKBONES } from '../model/config';
import type { CompareBudget, CompareEntry, ComparePoint } from '../train/comparison';
import type { CompareSummary } from '../evaluation/compareMetrics';
import type { TrainerSettings } from '../train/settings';
import { decodeCompareLink } from '../export/compareReport';
import { createStore } from './store';
import type { Lab } from './lab';
import { errorText } from '../common/errorText';

export interface CompareRun {
  label: string;
  settings: TrainerSettings;
  points: ComparePoint[];
  recall: { seed: number; step: number; recallAt1: number }[];
}

export interface CompareState {
  status: 'idle' | 'running' | 'done' | 'error';
  message: string | null;
  entries: CompareEntry[];
  runs: CompareRun[];
  /** Seeds per configuration (1–10): more seeds, narrower intervals. */
  seeds: number;
  budget: CompareBudget;
  evalEvery: number;
  /** The statistics over the seeds every configuration has finished; null before the first. */
  summary: CompareSummary | null;
  /** Seeds and budget of the comparison shown (the controls may have changed since). */
  ran: { seeds: number; budget: CompareBudget } | null;
}

export const BUDGET_KINDS: { kind: CompareBudget['kind']; label: string; unit: string }[] = [
  { kind: 'steps', label: 'equal steps', unit: 'steps' },
  { kind: 'time', label: 'equal training time', unit: 's' },
  { kind: 'images', label: 'equal images seen', unit: 'images' },
];

/** The budget in words, for the table and the report. */
export function describeBudget(b: CompareBudget): string {
  const kind = BUDGET_KINDS.find((k) => k.kind === b.kind)!;
  return `${kind.label}: ${b.value} ${kind.unit} per configuration and seed`;
}

const entry = (base: TrainerSettings, loss: LossId, lossOptions: TrainerSettings['lossOptions'] = {}, extra: Partial<TrainerSettings> = {}): CompareEntry => {
  const label = [LOSSES[loss].label, ...Object.entries(lossOptions).map(([k, v]) => `${k}=${String(v)}`)].join(' · ');
  return { label, settings: { ...base, ...extra, loss, lossOptions } };
};

/**
 * The presets of the issues: Hermans et al.'s table, FaceNet's miners against batch-hard, and seed 002's "to
 * pretrain or not" (TriNet's pretrained ResNet against LuNet from scratch), the same loss for every backbone.
 */
export const COMPARE_PRESETS: { id: string; label: string; seeds?: number; entries: (base: TrainerSettings) => CompareEntry[] }[] = [
  {
    id: 'inDefense',
    seeds: 3,
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
    seeds: 3,
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

/** What the comparison needs of the lab: the base settings of the presets, and the training worker. */
export type CompareLab = Pick<Lab, 'store' | 'worker'>;

/**
 * The state before anything ran: a comparison link (`#view=compare&cmp=…`, made by the report) sets the comparison up
 * once, at page load.
 */
export function initialCompareState(hash: string): CompareState {
  const linked = decodeCompareLink(hash);
  return {
    status: 'idle',
    message: linked.error ?? (linked.payload ? 'The link set this comparison up: press Compare to run it.' : null),
    entries: linked.payload?.entries ?? [],
    runs: [],
    seeds: linked.payload?.seeds ?? 3,
    budget: linked.payload?.budget ?? { kind: 'steps', value: 100 },
    evalEvery: linked.payload?.evalEvery ?? 20,
    summary: null,
    ran: null,
  };
}

/** The comparison's store and the actions of the Compare panel, on `lab`'s training worker. */
export function createCompare(lab: CompareLab, hash: string) {
  const store = createStore<CompareState>(initialCompareState(hash));
  let unsubscribe: (() => void) | null = null;
  return {
    store,
    setEntries(entries: CompareEntry[]) {
      store.set((s) => ({ ...s, entries }));
    },
    /** A preset's configurations, with its seeds where it names them. */
    usePreset(id: string) {
      const preset = COMPARE_PRESETS.find((p) => p.id === id);
      if (!preset) return;
      const entries = preset.entries(lab.store.get().config.trainer);
      store.set((s) => ({ ...s, entries, seeds: preset.seeds ?? s.seeds }));
    },
    setRun(patch: Partial<Pick<CompareState, 'seeds' | 'budget' | 'evalEvery'>>) {
      store.set((s) => ({ ...s, ...patch }));
    },
    async start(): Promise<void> {
      const worker = lab.worker();
      const { entries, seeds, budget, evalEvery } = store.get();
      if (!worker) return;
      if (entries.length < 2 || entries.length > 6) {
        store.set((s) => ({ ...s, status: 'error', message: `Choose 2 to 6 configurations (now ${entries.length}).` }));
        return;
      }
      unsubscribe?.();
      store.set((s) => ({
        ...s,
        status: 'running',
        message: null,
        runs: entries.map((e) => ({ label: e.label, settings: e.settings, points: [], recall: [] })),
        summary: null,
        ran: { seeds, budget },
      }));
      unsubscribe = worker.onEvent((event) => {
        if (event.type === 'compare') {
          store.set((s) => ({
            ...s,
            runs: s.runs.map((run, i) => ({
              ...run,
              points: [...run.points, ...event.points.filter((p) => p.run === i)],
              recall: [...run.recall, ...event.recall.filter((r) => r.run === i).map(({ seed, step, recallAt1 }) => ({ seed, step, recallAt1 }))],
            })),
          }));
        } else if (event.type === 'compareSummary') {
          store.set((s) => ({ ...s, summary: event.summary }));
        } else if (event.type === 'compareDone') {
          store.set((s) => ({ ...s, status: event.message ? 'error' : 'done', message: event.message ?? null }));
        }
      });
      try {
        await worker.compareStart(entries, seeds, budget, evalEvery);
      } catch (error) {
        store.set((s) => ({ ...s, status: 'error', message: errorText(error) }));
      }
    },
    stop: () => lab.worker()?.compareStop(),
  };
}

export type Compare = ReturnType<typeof createCompare>;
