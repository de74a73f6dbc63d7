/**
 * Compare: 2–6 configurations trained in lockstep on the same split, seed and initial weights; curves overlaid
 * (loss, active fraction, hard share, validation Recall@1) and a table that ranks them by each metric.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
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
import { compare, compareStore, COMPARE_PRESETS, type CompareRun } from '../../state/compare';
import { lab } from '../../state/lab';
import type { CompareEntry } from '../../train/comparison';
import { baseLayout, loadPlotly, PLOT_CONFIG } from '../charts/plotly';
import { Panel } from '../Panel';
import { BackboneHelp } from './BackboneHelp';

const COLORS = ['#2f6fd1', '#d1402f', '#3a9d5d', '#e0a526', '#7a4fd1', '#444'];

function useCompare() {
  return useSyncExternalStore(compareStore.subscribe, compareStore.get);
}

function CompareChart({ runs, metric, title }: { runs: CompareRun[]; metric: 'loss' | 'activeFraction' | 'hardShare' | 'recallAt1'; title: string }) {
  const div = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let alive = true;
    void loadPlotly().then((Plotly) => {
      if (!alive || !div.current) return;
      const data = runs.map((run, i) => {
        const series = metric === 'recallAt1' ? run.recall.map((r) => ({ step: r.step, v: r.recallAt1 })) : run.points.map((p) => ({ step: p.step, v: p[metric] }));
        return { type: 'scatter' as const, mode: metric === 'recallAt1' ? ('lines+markers' as const) : ('lines' as const), name: run.label, x: series.map((s) => s.step), y: series.map((s) => s.v), line: { color: COLORS[i % COLORS.length] } };
      });
      void Plotly.react(div.current, data, { ...baseLayout(title), xaxis: { title: { text: 'step' } } }, PLOT_CONFIG);
    });
    return () => {
      alive = false;
    };
  }, [runs, metric, title]);
  return <div ref={div} className="chart" data-testid={`compare-${metric}`} />;
}

function ResultsTable({ runs }: { runs: CompareRun[] }) {
  const rows = runs.map((run) => {
    const last = run.points.at(-1);
    return { label: run.label, step: last?.step ?? 0, wall: last ? last.wallMs / 1000 : 0, loss: last?.loss ?? NaN, active: last?.activeFraction ?? NaN, hard: last?.hardShare ?? NaN, recall: run.recall.at(-1)?.recallAt1 ?? NaN };
  });
  const rank = (values: number[], higherBetter: boolean) => {
    const order = [...values.keys()].filter((i) => Number.isFinite(values[i])).sort((a, b) => (higherBetter ? values[b]! - values[a]! : values[a]! - values[b]!));
    return values.map((_, i) => (order.indexOf(i) >= 0 ? order.indexOf(i) + 1 : null));
  };
  const recallRank = rank(rows.map((r) => r.recall), true);
  const lossRank = rank(rows.map((r) => r.loss), false);
  const fmt = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
  return (
    <table className="compare-table" data-testid="compare-table">
      <thead>
        <tr>
          <th scope="col">configuration</th>
          <th scope="col">step</th>
          <th scope="col">wall s</th>
          <th scope="col">loss (rank)</th>
          <th scope="col">active</th>
          <th scope="col">hard share</th>
          <th scope="col">Recall@1 (rank)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.label + i}>
            <th scope="row" style={{ borderLeft: `6px solid ${COLORS[i % COLORS.length]}` }}>
              {r.label}
            </th>
            <td>{r.step}</td>
            <td>{r.wall.toFixed(1)}</td>
            <td>
              {fmt(r.loss)} {lossRank[i] !== null && `(${lossRank[i]})`}
            </td>
            <td>{fmt(r.active, 2)}</td>
            <td>{fmt(r.hard, 2)}</td>
            <td>
              {fmt(r.recall)} {recallRank[i] !== null && `(${recallRank[i]})`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
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
          <button key={p.id} disabled={running} onClick={() => compare.setEntries(p.entries(base()))}>
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
        <label>
          steps <input type="number" min={5} max={5000} value={state.steps} disabled={running} onChange={(e) => compare.setSteps(Math.max(5, Number(e.target.value)), state.evalEvery)} data-testid="compare-steps" />
        </label>
        <label>
          Recall@1 every <input type="number" min={0} max={1000} value={state.evalEvery} disabled={running} onChange={(e) => compare.setSteps(state.steps, Math.max(0, Number(e.target.value)))} /> steps
        </label>
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
      {state.runs.length > 0 && (
        <>
          <ResultsTable runs={state.runs} />
          <CompareChart runs={state.runs} metric="loss" title="Loss" />
          <CompareChart runs={state.runs} metric="activeFraction" title="Active fraction" />
          <CompareChart runs={state.runs} metric="hardShare" title="Hard share of the population" />
          <CompareChart runs={state.runs} metric="recallAt1" title="Validation Recall@1" />
        </>
      )}
    </Panel>
  );
}

