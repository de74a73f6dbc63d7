/**
 * Play, pause, one step and reset, in the header: one press away from every workspace, so a run can be watched in
 * the lesson view and paused from Evaluate or Compare.
 */
import { lab } from './stores';
import { useLab } from './useLab';

export function RunControls() {
  const status = useLab((s) => s.training.status);
  const run = useLab((s) => s.run);
  const backendReady = useLab((s) => s.backend.status === 'ready');
  const undoStep = useLab((s) => s.undoResetStep);
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
      <button onClick={() => void lab.explainStep()} disabled={!ready} data-testid="explain-step" aria-keyshortcuts="e">
        Explain a step
      </button>
      {/* No confirmation: the run a reset replaces is kept, and Undo brings it back (until the next reset). */}
      <button onClick={() => void lab.reset()} disabled={!backendReady} data-testid="reset">
        ↺ Reset
      </button>
      {undoStep !== null && (
        <button onClick={() => void lab.undoReset()} disabled={running} data-testid="undo-reset" aria-keyshortcuts="u">
          ↶ Undo reset (back to step {undoStep})
        </button>
      )}
    </div>
  );
}
