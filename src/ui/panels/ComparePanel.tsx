/**
 * Compare: 2–6 configurations trained in lockstep on the same split, seed and initial weights; curves overlaid
 * (loss, active fraction, hard share, validation Recall@1) and a table that ranks them by each metric.
 */
import { useSyncExternalStore } from 'react';
import {
  AUGMENTATION_PRESET_IDS,
  AUGMENTATION_PRESETS,
  describeAugmentation,
  isAugmenting,
  presetOf,
  type AugmentationPresetId,
} from '../../data/augmentation';
import { LOSSES, LOSS_IDS, type LossId } from '../../metric/catalog';
import { BACKBONES, backboneOf, type BackboneId } from '../../model/config';
import { BUDGET_KINDS, COMPARE_PRESETS } from '../../state/compare';
import { compare, lab } from '../stores';
import type { CompareEntry } from '../../train/comparison';
import { Panel } from '../Panel';
import { BackboneHelp } from './BackboneHelp';
import { CompareChart } from './compare/CompareChart';
import { CompareReport } from './compare/CompareReport';
import { SummaryTable } from './compare/SummaryTable';
import { Verdicts } from './compare/Verdicts';
import { NumberField } from '../NumberField';

function useCompare() {
  return useSyncExternalStore(compare.store.subscribe, compare.store.get);
}

export function ComparePanel() {
  const state = useCompare();
  const running = state.status === 'running';
  const base = () => lab.store.get().config.trainer;
  const setEntry = (i: number, patch: Partial<CompareEntry['settings']>) => {
    const entries = state.entries.map((e, j) => {
      if (j !== i) return e;
      const settings = { ...e.settings, ...patch };
      const margin = settings.margin.kind === 'constant' ? settings.margin.margin : settings.margin.to;
      const backbone = backboneOf(settings.model);
      const net = backbone === 'lunet' ? '' : `${BACKBONES.find((b) => b.id === backbone)?.label ?? backbone} · `;
      const augmentation = isAugmenting(settings.augmentation) ? ` · augmentation ${describeAugmentation(settings.augmentation)}` : '';
      return { label: `${net}${LOSSES[settings.loss].label} · m=${margin}${augmentation}`, settings };
    });
    compare.setEntries(entries);
  };
  return (
    <Panel id="compare" title="Compare">
      <p className="hint">Same data split, same seed, same initial weights and the same augmentation draws: only the loss settings, the backbone and the augmentation differ. Runs train round-robin on one device; the main run pauses meanwhile.</p>
      <div className="controls">
        {COMPARE_PRESETS.map((p) => (
          <button key={p.id} disabled={running} onClick={() => compare.usePreset(p.id)}>
            {p.label}
          </button>
        ))}
      </div>
      <p className="hint">
        Each configuration: loss, backbone <BackboneHelp />, margin m and augmentation.
      </p>
      <ol className="compare-entries">
        {state.entries.map((e, i) => (
          <li key={i}>
            <select aria-label={`configuration ${i + 1} loss`} value={e.settings.loss} disabled={running} onChange={(ev) => setEntry(i, { loss: ev.target.value as LossId, lossOptions: {} })}>
              {LOSS_IDS.map((id) => (
                <option key={id} value={id}>
                  {LOSSES[id].label}
                </option>
              ))}
            </select>
            <select aria-label={`configuration ${i + 1} backbone`} value={backboneOf(e.settings.model)} disabled={running} onChange={(ev) => setEntry(i, { model: { ...e.settings.model, backbone: ev.target.value as BackboneId } })}>
              {BACKBONES.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </select>
            <label>
              m{' '}
              <input type="number" min={0} max={2} step={0.05} disabled={running} value={e.settings.margin.kind === 'constant' ? e.settings.margin.margin : e.settings.margin.to} onChange={(ev) => setEntry(i, { margin: { kind: 'constant', margin: Math.max(0, Number(ev.target.value)) } })} />
            </label>
            <select
              aria-label={`configuration ${i + 1} augmentation`}
              value={presetOf(e.settings.augmentation)}
              disabled={running}
              onChange={(ev) => setEntry(i, { augmentation: AUGMENTATION_PRESETS[ev.target.value as AugmentationPresetId] })}
            >
              {AUGMENTATION_PRESET_IDS.map((id) => (
                <option key={id} value={id}>
                  augmentation: {id}
                </option>
              ))}
              <option value="custom" disabled>
                augmentation: custom
              </option>
            </select>
            <span className="compare-label">{e.label}</span>
            <button disabled={running} onClick={() => compare.setEntries(state.entries.filter((_, j) => j !== i))} aria-label={`remove configuration ${i + 1}`}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="controls">
        <button disabled={running || state.entries.length >= 6} onClick={() => compare.setEntries([...state.entries, { label: `${LOSSES[base().loss].label} (current)`, settings: base() }])}>
          + Add the current configuration
        </button>
      </div>
      <div className="controls compare-run">
        <NumberField id="compare-seeds" label="Seeds" min={1} max={10} integer value={state.seeds} disabled={running} onChange={(seeds) => compare.setRun({ seeds })} hint="each configuration trains once per seed (new initial weights and batches, the same for every configuration)" />
        <label>
          Budget{' '}
          <select value={state.budget.kind} disabled={running} onChange={(e) => compare.setRun({ budget: { kind: e.target.value as (typeof BUDGET_KINDS)[number]['kind'], value: state.budget.value } })} data-testid="compare-budget-kind">
            {BUDGET_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <NumberField id="compare-steps" label={BUDGET_KINDS.find((k) => k.kind === state.budget.kind)!.unit} min={1} max={1_000_000} value={state.budget.value} disabled={running} onChange={(value) => compare.setRun({ budget: { ...state.budget, value } })} />
        <NumberField id="compare-eval-every" label="Recall@1 every (steps, 0 = never)" min={0} max={100_000} integer value={state.evalEvery} disabled={running} onChange={(evalEvery) => compare.setRun({ evalEvery })} />
      </div>
      <div className="controls">
        {running ? (
          <button onClick={() => void compare.stop()}>Stop</button>
        ) : (
          <button onClick={() => void compare.start()} disabled={state.entries.length < 2} data-testid="compare-start">
            ▶ Compare {state.entries.length} configurations
          </button>
        )}
        <span data-testid="compare-status">{state.status}</span>
      </div>
      {state.message && <p role="alert">{state.message}</p>}
      {state.summary && state.ran && <SummaryTable summary={state.summary} ran={state.ran} />}
      {state.summary && <Verdicts summary={state.summary} />}
      <CompareReport state={state} />
      {state.runs.length > 0 && (
        <>
          <p className="hint">Curves: the mean over seeds, the band their range.</p>
          <CompareChart runs={state.runs} metric="loss" title="Loss" />
          <CompareChart runs={state.runs} metric="activeFraction" title="Active fraction" />
          <CompareChart runs={state.runs} metric="hardShare" title="Hard share of the population" />
          <CompareChart runs={state.runs} metric="recallAt1" title="Validation Recall@1" />
        </>
      )}
    </Panel>
  );
}

