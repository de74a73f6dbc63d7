import { useLab } from './useLab';

/** Tells the user whether a real GPU does the work, and why this backend was chosen. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  if (backend.status === 'starting') {
    return (
      <span className="badge badge-pending" data-testid="backend-badge">
        Starting TensorFlow.js…
      </span>
    );
  }
  if (backend.status === 'error') {
    return (
      <span className="badge badge-error" data-testid="backend-badge" title={backend.message}>
        No backend: {backend.message}
      </span>
    );
  }
  const { report } = backend;
  const details = [
    `Chosen: ${report.name} (${report.reason})`,
    ...report.passedOver.map((p) => `${p.name}: ${p.reason}`),
  ].join('\n');
  return (
    <span
      className={`badge ${report.gpu ? 'badge-gpu' : 'badge-cpu'}`}
      data-testid="backend-badge"
      title={details}
      tabIndex={0}
    >
      {report.label}
      {!report.gpu && <span className="badge-note"> · no real GPU</span>}
    </span>
  );
}
