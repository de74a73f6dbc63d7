/**
 * The run's history, kept outside React state: one row of scalars per step, plus markers where the margin or the
 * loss changed. Charts read it once when they mount and then extend their traces step by step.
 */
import type { StepReport } from '../train/trainer';
import { rowOf, type HistoryRow, type Marker } from '../train/historyRow';

export { rowOf, type HistoryRow, type Marker };

export interface History {
  rows: HistoryRow[];
  markers: Marker[];
  push(report: StepReport): HistoryRow;
  mark(label: string): void;
  clear(): void;
  /** Reloads a saved history (rows up to the resumed step). */
  restore(rows: HistoryRow[], markers: Marker[], step: number): void;
  subscribe(listener: (row: HistoryRow | null) => void): () => void;
}

/** The setting a marker label names: "m = 0.3" → "m", "loss → batchAll" → "loss", "lr schedule: …" → "lr schedule". */
const settingOf = (label: string): string => label.split(/ = | → |: /)[0] ?? label;

export function createHistory(): History {
  const listeners = new Set<(row: HistoryRow | null) => void>();
  const history: History = {
    rows: [],
    markers: [],
    push(report) {
      const row = rowOf(report);
      history.rows.push(row);
      for (const listener of listeners) listener(row);
      return row;
    },
    mark(label) {
      // One marker per step: changes made while paused share the step's line, and a setting changed again (a
      // margin dragged, a number retyped) replaces its earlier value instead of adding a line per tick.
      const step = history.rows.at(-1)?.step ?? 0;
      const last = history.markers.at(-1);
      if (last?.step !== step) {
        history.markers.push({ step, label });
        return;
      }
      const parts = last.label.split('; ').filter((part) => settingOf(part) !== settingOf(label));
      history.markers[history.markers.length - 1] = { step, label: [...parts, label].join('; ') };
    },
    clear() {
      history.rows = [];
      history.markers = [];
      for (const listener of listeners) listener(null);
    },
    restore(rows, markers, step) {
      history.rows = rows.filter((r) => r.step <= step);
      history.markers = markers.filter((m) => m.step <= step);
      for (const listener of listeners) listener(null);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return history;
}
