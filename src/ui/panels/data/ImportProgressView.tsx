import { datasetLibrary } from '../../../state/datasets';
import { useDatasets } from './useDatasets';

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating time left';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  const m = Math.floor(seconds / 60);
  return `about ${m} min ${Math.round(seconds - 60 * m)} s left`;
}

/** The running import: a bar with done / total, images per second, time left, and Cancel. */
export function ImportProgressView() {
  const run = useDatasets((s) => s.importing);
  if (!run) return null;
  const p = run.progress;
  const a = run.phase === 'reading' ? run.archive : null;
  const text =
    run.phase === 'reading'
      ? a
        ? `Reading “${a.name}”: ${mb(a.bytesRead)} of ${mb(a.total)} · ${a.files.toLocaleString('en-US')} files`
        : 'Reading files…'
      : run.phase === 'cancelling'
        ? 'Cancelling: keeping what is stored…'
        : p
          ? `${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} files · ${p.imagesPerSecond.toFixed(0)} images/s · ${eta(p.etaSeconds)}`
          : run.alignFaces
            ? 'Loading the face detector and landmark models…'
            : 'Starting the decoders…';
  return (
    <div className="data-progress" data-testid="data-progress" aria-live="polite">
      <div className="data-progress-head">
        <strong>Importing “{run.name}”</strong>
        <button
          type="button"
          onClick={() => datasetLibrary.cancelImport()}
          disabled={run.phase === 'cancelling'}
          data-testid="data-cancel"
        >
          Cancel
        </button>
      </div>
      <progress
        max={a ? a.total || 1 : p?.total || 1}
        value={a ? a.bytesRead : run.phase === 'reading' || !p ? undefined : p.done}
        aria-label={`Import progress of ${run.name}`}
      />
      <p className="data-progress-text">
        {text}
        {run.meta.images > 0 && ` · ${run.meta.images.toLocaleString('en-US')} images stored`}
      </p>
    </div>
  );
}
