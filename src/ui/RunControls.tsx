/**
 * Play, pause, one step and reset, in the header: one press away from every workspace, so a run can be watched in
 * the lesson view and paused from Evaluate or Compare.
 */
import { lab } from '../state/lab';
import { useLab } from './useLab';

export function RunControls() {
  const status = useLab((s) => s.training.status);
  const run = useLab((s) => s.run);
  const backendReady = useLab((s) => s.backend.status === 'ready');
  const running = status === 'running';
  const ready = backendReady && run !== null;
  return (
    <div className="run-controls" role="toolbar" aria-label="Training controls">
      {running ? (
        <button onClick={() => void lab.pause()} data-testid="pause">
          ❚❚ Pause
        </button>
      ) : (
        <button onClick={() => void lab.play()} disabled={!ready} data-testid="play">
          ▶ Play
        </button>
      )}
      <button onClick={() => void lab.step()} disabled={!ready || running} data-testid="step">
        Step
      </button>
      <button
        onClick={() => {
          // Read at click time: subscribing to the step would re-render the header on every step.
          const { step } = lab.store.get().training;
          if (step === 0 || window.confirm(`Reset re-initialises the network from the seed; ${step} steps will be lost.`)) void lab.reset();
        }}
        disabled={!backendReady}
        data-testid="reset"
      >
        ↺ Reset
      </button>
    </div>
  );
}
