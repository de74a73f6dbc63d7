/**
 * The run's readout (status, step, epoch, loss, throughput), the health banner, and the classroom "reproduce
 * collapse" preset. Play, pause, step and reset live in the header (RunControls), reachable from every workspace.
 */
import type { ReactNode } from 'react';
import { DEFAULT_CONFIG } from '../../state/config';
import { collapsePreset } from '../../train/collapsePreset';
import { lab } from '../stores';
import { Panel } from '../Panel';
import { useLab, useLabThrottled } from '../useLab';

/** Batch-hard with a high learning rate collapses the synthetic faces onto one point within a few hundred steps. */
function reproduceCollapse() {
  const { config, training } = lab.store.get();
  if (training.step > 0 && !window.confirm('Load the collapse preset? The current run restarts from the seed.')) return;
  void lab.reconfigure({
    ...config,
    trainer: collapsePreset(DEFAULT_CONFIG.trainer),
  });
}

/** @param children extra controls shown under the readout (the lesson view's loss, margin and sampler) */
export function TrainingPanel({ compact = false, children }: { compact?: boolean; children?: ReactNode }) {
  // Four redraws a second follow training closely enough; the hook (window.__lab) stays exact.
  const training = useLabThrottled((s) => s.training, 250);
  const run = useLab((s) => s.run);
  const last = training.last;
  return (
    <Panel id="training" title="Training">
      <dl className="readout" data-testid="training-readout">
        <div>
          <dt>Status</dt>
          <dd data-testid="training-status">{training.status}</dd>
        </div>
        <div>
          <dt>Step</dt>
          <dd>{training.step}</dd>
        </div>
        <div>
          <dt>Epoch</dt>
          <dd>{last ? last.epoch.toFixed(2) : '–'}</dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd>{last ? last.stats.loss.toFixed(4) : '–'}</dd>
        </div>
        <div>
          <dt>Images/s</dt>
          <dd>{last ? last.imagesPerSecond.toFixed(0) : '–'}</dd>
        </div>
        <div>
          <dt>ms/step</dt>
          <dd>{last ? last.msPerStep.toFixed(0) : '–'}</dd>
        </div>
      </dl>
      {children}
      {run && (
        <p className="hint">
          Training on {run.trainIdentities} identities ({run.trainImages} images); {run.validationIdentities} identities held out for evaluation.
          {last && last.repeats > 0 && ` This batch repeated ${last.repeats} images (identities with fewer than K).`}
          {last?.stats.noPositives && ' This batch has no positive pair: no valid triplet.'}
        </p>
      )}
      {training.message && (
        <div className={`banner banner-${training.status}`} role="alert" data-testid="training-banner">
          {training.message}
        </div>
      )}
      {!compact && (
        <p className="hint">
          Training runs in a background worker and keeps going while this tab is hidden (browsers may slow hidden tabs). Pause to stop it.
        </p>
      )}
      <button className="link" onClick={reproduceCollapse}>
        Classroom preset: reproduce a collapse (batch-hard, high learning rate)
      </button>
    </Panel>
  );
}
