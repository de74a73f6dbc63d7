/**
 * Model & loss: the loss (LossSettings: the variant as its loss file declares it, with its options and the margin),
 * the sampler, the optimizer and the network. Changes to the loss, sampler,
 * P, K or optimizer apply to the current network while paused; network changes restart the run (with a confirm).
 */
import { useState } from 'react';
import { describeModel } from '../../model/cost';
import { BACKBONES, backboneOf, type BackboneId } from '../../model/config';
import type { LabConfig } from '../../state/config';
import { lab } from '../stores';
import { FINE_TUNE_LR_SCALE } from '../../train/learningRate';
import type { TrainerSettings } from '../../train/settings';
import { choiceSpec } from '../../train/datasetSource';
import { NumberField } from '../NumberField';
import { LearningRateSchedule } from './LearningRateSchedule';
import { PretrainedDataWarning } from './PretrainedDataWarning';
import { BackboneHelp } from './BackboneHelp';
import { Panel } from '../Panel';
import { LossSettings } from './LossSettings';
import { SamplerSelect } from './SettingSelects';
import { useHidden } from '../useHidden';
import { useLab, useLabThrottled } from '../useLab';


export function ModelLossPanel() {
  const config = useLab((s) => s.config);
  const status = useLab((s) => s.training.status);
  const [error, setError] = useState<string | null>(null);
  // A classroom link (#hide=…) can hide groups of controls.
  const hidden = {
    loss: useHidden('loss'),
    sampler: useHidden('sampler'),
    optimizer: useHidden('optimizer'),
    network: useHidden('network'),
  };
  const running = status === 'running';
  const t = config.trainer;
  const cost = describeModel({
    ...t.model,
    inputSize: choiceSpec(config.dataset).resolution,
    channels: choiceSpec(config.dataset).channels,
  });
  const backbone = backboneOf(t.model);
  const pretrained = backbone !== 'lunet';
  // Measured on this machine: the last step's time (network changes restart the run, so it is this network's).
  const msPerStep = useLabThrottled((s) => s.training.last?.msPerStep ?? null, 1000);
  const backendName = useLab((s) => (s.backend.status === 'ready' ? s.backend.report.name : null));

  const apply = (trainer: TrainerSettings, label: string) => {
    setError(null);
    void lab.update({ ...config, trainer }, label);
  };
  const rebuild = (next: LabConfig) => {
    // Read at click time: subscribing to the step would re-render this panel on every training step.
    const { step } = lab.store.get().training;
    if (
      step > 0 &&
      !window.confirm(`Changing the network restarts training from the seed: ${step} steps will be lost. Continue?`)
    )
      return;
    void lab.reconfigure(next);
  };

  return (
    <Panel id="model" title="Model & loss">
      {!hidden.loss && <LossSettings trainer={t} disabled={running} apply={apply} />}
      {!hidden.sampler && (
        <>
          <div className="field">
            <label htmlFor="sampler">Batches</label>
            <SamplerSelect id="sampler" value={t.sampler} disabled={running} onChange={(sampler) => apply({ ...t, sampler }, `sampler → ${sampler}`)} />
          </div>
          <div className="field-row">
            <NumberField integer
              id="P"
              label="P identities"
              min={2}
              max={64}
              value={t.P}
              disabled={running}
              onChange={(P) => apply({ ...t, P }, `P = ${P}`)}
            />
            <NumberField integer
              id="K"
              label="K images"
              min={2}
              max={32}
              value={t.K}
              disabled={running}
              onChange={(K) => apply({ ...t, K }, `K = ${K}`)}
            />
          </div>
        </>
      )}
      {!hidden.optimizer && (
        <>
          <div className="field-row">
            <div className="field">
              <label htmlFor="optimizer">Optimizer</label>
              <select
                id="optimizer"
                value={t.optimizer}
                disabled={running}
                onChange={(e) =>
                  apply(
                    { ...t, optimizer: e.target.value as TrainerSettings['optimizer'] },
                    `optimizer → ${e.target.value}`,
                  )
                }
              >
                <option value="adam">Adam</option>
                <option value="sgdMomentum">SGD + momentum 0.9</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="lr">Learning rate</label>
              <input
                id="lr"
                type="number"
                min={1e-6}
                max={1}
                step="any"
                value={t.learningRate}
                disabled={running}
                onChange={(e) => {
                  const lr = Number(e.target.value);
                  if (lr > 0 && lr <= 1) apply({ ...t, learningRate: lr }, `lr = ${lr}`);
                }}
              />
            </div>
          </div>
          <LearningRateSchedule trainer={t} disabled={running} apply={apply} />
        </>
      )}
      {!hidden.network && (
        <>
          <h3>Network</h3>
          <div className="field-row">
            <div className="field">
              <span className="toggletip-row">
                <label htmlFor="backbone">Backbone</label>
                <BackboneHelp />
              </span>
              <select
                id="backbone"
                value={backbone}
                disabled={running}
                onChange={(e) =>
                  rebuild({
                    ...config,
                    trainer: { ...t, model: { ...t.model, backbone: e.target.value as BackboneId } },
                  })
                }
              >
                {BACKBONES.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <p className="hint" data-testid="backbone-expects">
            Expects: {BACKBONES.find((b) => b.id === backbone)?.expects}.
          </p>
          {pretrained && <PretrainedDataWarning dataset={config.dataset} />}
          <p className="hint" data-testid="backbone-description">
            {BACKBONES.find((b) => b.id === backbone)?.description}
            {pretrained &&
              '. Images are resized to 150×150; the weights (dlib’s ResNet through face-api, MIT, 6.4 MB) ship with this app and load once.'}
            {backbone === 'resnet34FineTuned' &&
              ` The backbone learns at ${FINE_TUNE_LR_SCALE} × the learning rate, the head at the full rate: at the full rate Adam wipes out the pretrained features in one step.`}
            {backbone === 'resnet34Frozen' &&
              ' Each image’s descriptor is computed once and cached, so after the first epoch a step trains only the head.'}
          </p>
          <div className="field-row">
            {!pretrained && (
              <div className="field">
                <label htmlFor="preset">Preset</label>
                <select
                  id="preset"
                  value={t.model.preset}
                  disabled={running}
                  onChange={(e) =>
                    rebuild({
                      ...config,
                      trainer: { ...t, model: { ...t.model, preset: e.target.value as 'tiny' | 'standard' } },
                    })
                  }
                >
                  <option value="tiny">tiny (CPU)</option>
                  <option value="standard">standard (GPU)</option>
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="dim">Embedding D</label>
              <select
                id="dim"
                value={t.model.embeddingDim}
                disabled={running}
                onChange={(e) =>
                  rebuild({ ...config, trainer: { ...t, model: { ...t.model, embeddingDim: Number(e.target.value) } } })
                }
              >
                {[2, 8, 16, 32, 64, 128, 256].map((d) => (
                  <option key={d}>{d}</option>
                ))}
              </select>
            </div>
          </div>
          <div className="field-row">
            {!pretrained && (
              <label>
                <input
                  type="checkbox"
                  checked={t.model.batchNorm}
                  disabled={running}
                  onChange={(e) =>
                    rebuild({ ...config, trainer: { ...t, model: { ...t.model, batchNorm: e.target.checked } } })
                  }
                />{' '}
                batch norm
              </label>
            )}
            <label>
              <input
                type="checkbox"
                checked={t.model.normalize}
                disabled={running}
                onChange={(e) =>
                  rebuild({ ...config, trainer: { ...t, model: { ...t.model, normalize: e.target.checked } } })
                }
              />{' '}
              L2-normalised head
            </label>
          </div>
        </>
      )}
      <p className="model-cost" data-testid="model-cost">
        {cost.params.toLocaleString()} parameters
        {cost.trainableParams !== cost.params && ` (${cost.trainableParams.toLocaleString()} trainable)`} ·{' '}
        {(cost.flopsPerImage / 1e6).toFixed(2)} MFLOPs per image
        {msPerStep !== null && ` · measured ${msPerStep.toFixed(0)} ms/step${backendName ? ` on ${backendName}` : ''}`}
      </p>
      {error && <p role="alert">{error}</p>}
    </Panel>
  );
}
