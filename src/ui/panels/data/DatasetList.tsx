import { DEFAULT_CONFIG } from '../../../state/config';
import { useLab } from '../../useLab';
import { MnistChoice } from './MnistChoice';
import { useState } from 'react';
import type { DatasetMeta } from '../../../data/datasetMeta';
import { datasetEditor } from '../../../state/datasetEditor';
import { datasetLibrary } from '../../../state/datasets';
import { lab } from '../../stores';
import { useDatasets } from './useDatasets';

/** Deletes a dataset; once it is gone, its undo steps go too (an undo could only fail on a deleted set). */
async function removeDataset(id: string): Promise<void> {
  await datasetLibrary.remove(id);
  if (!datasetLibrary.store.get().datasets.some((d) => d.id === id)) datasetEditor.forget(id);
}

// Formatters made once: toLocaleString with options builds a new one per call, and the rows re-render with every
// progress report of an import (a few milliseconds per row each time).
const NUMBER = new Intl.NumberFormat('en-US');
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const fmt = (n: number): string => NUMBER.format(n);
const date = (t: number): string => DATE.format(t);
const skippedCount = (d: DatasetMeta): number => Object.values(d.skipped).reduce((a, b) => a + (b ?? 0), 0);

/** Switch the training data; a run with steps restarts from the seed, so ask first. */
function choose(id: string | null): void {
  const { step } = lab.store.get().training;
  if (
    step > 0 &&
    !window.confirm(
      `Switching the training data restarts training from the seed: ${step} steps will be lost. Continue?`,
    )
  )
    return;
  datasetLibrary.setActive(id);
  // From MNIST back to the synthetic faces: the library's active id was already null, so say it here.
  const { config } = lab.store.get();
  if (id === null && config.dataset.kind === 'mnist')
    void lab.reconfigure({ ...config, dataset: DEFAULT_CONFIG.dataset });
}

function RenameField({ meta, done }: { meta: DatasetMeta; done: () => void }) {
  const [value, setValue] = useState(meta.name);
  const save = () => {
    done();
    if (value.trim() && value.trim() !== meta.name) void datasetLibrary.rename(meta.id, value);
  };
  return (
    <input
      className="data-rename"
      aria-label={`New name for ${meta.name} (Enter saves, Escape cancels)`}
      data-testid="data-rename-input"
      autoFocus
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') save();
        else if (e.key === 'Escape') done();
      }}
      onBlur={done}
    />
  );
}

function DatasetRow({ meta, active, importingId }: { meta: DatasetMeta; active: boolean; importingId: string | null }) {
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const viewed = useDatasets((s) => s.viewId === meta.id);
  const busy = importingId === meta.id;
  const interrupted = meta.importing && !busy;
  const skipped = skippedCount(meta);
  return (
    <li className={`data-row${active ? ' data-row-active' : ''}`} data-testid="data-dataset" data-dataset-id={meta.id}>
      <div className="data-row-main">
        {mode === 'rename' ? (
          <RenameField meta={meta} done={() => setMode('idle')} />
        ) : (
          <button
            type="button"
            className="data-name link"
            aria-pressed={viewed}
            onClick={() => datasetLibrary.view(viewed ? null : meta.id)}
            data-testid="data-dataset-name"
          >
            {meta.name}
          </button>
        )}
        <span className="data-meta">
          {fmt(meta.identities)} identities · {fmt(meta.images)} images
          {skipped > 0 && ` · ${fmt(skipped)} skipped`} · {meta.spec.width}×{meta.spec.height}{' '}
          {meta.spec.channels === 3 ? 'RGB' : 'gray'}
          {meta.aligned && ' · face-aligned'} · {date(meta.createdAt)}
        </span>
        {busy && <span className="data-tag">importing…</span>}
        {interrupted && (
          <>
            <span className="data-tag data-tag-warn">import interrupted: {fmt(meta.images)} images kept</span>
            <span className="hint">The tab closed or crashed during the import; what was stored is kept.</span>
          </>
        )}
      </div>
      <div className="data-actions">
        {mode === 'delete' ? (
          <span className="data-confirm" role="group" aria-label={`Delete ${meta.name}?`}>
            Delete “{meta.name}” and its {fmt(meta.images)} images?{' '}
            <button
              type="button"
              className="data-danger"
              onClick={() => void removeDataset(meta.id)}
              data-testid="data-delete-yes"
            >
              Yes, delete
            </button>
            <button type="button" onClick={() => setMode('idle')} autoFocus>
              No
            </button>
          </span>
        ) : (
          <>
            {active ? (
              <span className="data-tag data-tag-active">Used for training</span>
            ) : (
              <button
                type="button"
                disabled={busy || meta.images === 0}
                onClick={() => choose(meta.id)}
                data-testid="data-use"
              >
                Use for training
              </button>
            )}
            <button type="button" disabled={busy} onClick={() => setMode('rename')} data-testid="data-rename">
              Rename
            </button>
            <button type="button" disabled={busy} onClick={() => setMode('delete')} data-testid="data-delete">
              Delete
            </button>
          </>
        )}
      </div>
    </li>
  );
}

/** The training data choices: the built-in set first, then every stored dataset. */
export function DatasetList({ syntheticSummary }: { syntheticSummary: string }) {
  const datasets = useDatasets((s) => s.datasets);
  const activeId = useDatasets((s) => s.activeId);
  const importing = useDatasets((s) => s.importing);
  const status = useDatasets((s) => s.status);
  // MNIST is built in too: with it in use, no stored dataset is active and the synthetic row is not either.
  const syntheticActive = useLab((s) => s.config.dataset.kind === 'synthetic') && activeId === null;
  const rows = importing && !datasets.some((d) => d.id === importing.id) ? [...datasets, importing.meta] : datasets;
  return (
    <ul className="data-list" data-testid="data-list">
      <li className={`data-row${syntheticActive ? ' data-row-active' : ''}`} data-testid="data-builtin">
        <div className="data-row-main">
          <span className="data-name">Synthetic faces</span>
          <span className="data-meta">built in · {syntheticSummary}</span>
        </div>
        <div className="data-actions">
          {syntheticActive ? (
            <span className="data-tag data-tag-active">Used for training</span>
          ) : (
            <button type="button" onClick={() => choose(null)}>
              Use for training
            </button>
          )}
        </div>
      </li>
      <MnistChoice />
      {rows.map((d) => (
        <DatasetRow key={d.id} meta={d} active={activeId === d.id} importingId={importing?.id ?? null} />
      ))}
      {status === 'loading' && <li className="hint">Reading the stored datasets…</li>}
      {rows.length > 0 && <li className="hint">Choose a stored set’s name to show its identities.</li>}
    </ul>
  );
}
