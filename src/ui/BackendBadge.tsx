import { Toggletip } from './Toggletip';
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
      <span className="badge badge-error" data-testid="backend-badge">
        No backend: {backend.message}
      </span>
    );
  }
  const { report } = backend;
  return (
    <span className="toggletip-row">
      <span className={`badge ${report.gpu ? 'badge-gpu' : 'badge-cpu'}`} data-testid="backend-badge">
        {report.label}
        {!report.gpu && <span className="badge-note"> · no real GPU</span>}
      </span>
      <Toggletip about="the compute backend" align="end" testId="backend-why">
        <span className="toggletip-line">
          Chosen: {report.name} ({report.reason})
        </span>
        {report.passedOver.map((p) => (
          <span className="toggletip-line" key={p.name}>
            {p.name}: {p.reason}
          </span>
        ))}
      </Toggletip>
    </span>
  );
}
