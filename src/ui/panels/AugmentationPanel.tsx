/**
 * Augmentation: a preset (none / light / standard / strong) or each transform set by hand, and a preview strip of
 * one training image under eight draws, made by the training worker with the same ops and draws as a step.
 */
import { useEffect, useState } from 'react';
import {
  AUGMENTATION_PRESET_IDS,
  AUGMENTATION_PRESETS,
  describeAugmentation,
  isAugmenting,
  presetOf,
  type Augmentation,
  type AugmentationPresetId,
} from '../../data/augmentation';
import { backboneOf } from '../../model/config';
import { lab } from '../stores';
import { NumberField } from '../NumberField';
import { Panel } from '../Panel';
import { Thumb } from '../Thumb';
import { useHidden } from '../useHidden';
import { useLab } from '../useLab';
import { errorText } from '../../common/errorText';

const PREVIEW_DRAWS = 8;

/** Draws of the preview use step numbers far from any training step's. */
const PREVIEW_STEP_BASE = 2 ** 30;

const NUMERIC: { key: Exclude<keyof Augmentation, 'flip'>; label: string; min: number; max: number; hint: string }[] = [
  { key: 'cropScale', label: 'crop: least area', min: 0.08, max: 1, hint: 'random resized crop; 1 = off' },
  { key: 'cropRatio', label: 'crop: aspect up to', min: 1, max: 3, hint: 'aspect drawn in [1/r, r]' },
  { key: 'rotation', label: 'rotation ± degrees', min: 0, max: 45, hint: '0 = off' },
  { key: 'brightness', label: 'brightness ±', min: 0, max: 1, hint: 'added to pixels in [0, 1]' },
  { key: 'contrast', label: 'contrast ±', min: 0, max: 1, hint: 'factor in [1 − c, 1 + c]' },
  { key: 'gamma', label: 'gamma ±', min: 0, max: 2, hint: 'γ in [1/(1+g), 1+g]' },
  { key: 'blur', label: 'blur probability', min: 0, max: 1, hint: '3×3 Gaussian, σ = 1' },
  { key: 'erase', label: 'random erasing probability', min: 0, max: 1, hint: '2–25 % of the image' },
];

function PreviewStrip({ augmentation, seed }: { augmentation: Augmentation; seed: number }) {
  const [draw, setDraw] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [views, setViews] = useState<{ images: Uint8Array; size: number; channels: 1 | 3 } | null>(null);
  const ready = useLab((s) => s.backend.status === 'ready' && s.run !== null);
  useEffect(() => {
    const worker = lab.worker();
    if (!ready || !worker) return;
    let live = true;
    const positions = Array.from({ length: PREVIEW_DRAWS }, (_, i) => i);
    worker
      .augmentViews({ augmentation, seed, step: PREVIEW_STEP_BASE + draw, indices: null, positions })
      .then((v) => {
        if (!live) return;
        setError(null);
        setViews(v);
      })
      .catch((e: unknown) => live && setError(`The preview could not be drawn: ${errorText(e)}`));
    return () => {
      live = false;
    };
  }, [augmentation, seed, draw, ready]);
  const bytes = views ? views.size * views.size * views.channels : 0;
  return (
    <div className="augmentation-preview">
      <div className="preview-strip" data-testid="augmentation-preview">
        {views &&
          Array.from({ length: PREVIEW_DRAWS }, (_, i) => (
            <Thumb
              key={`${draw}-${i}`}
              pixels={views.images.subarray(i * bytes, (i + 1) * bytes)}
              size={views.size}
              channels={views.channels}
              scale={64 / views.size}
              label={`draw ${i + 1} of the first training image`}
            />
          ))}
      </div>
      <button onClick={() => setDraw((d) => d + PREVIEW_DRAWS)} disabled={!ready}>
        New draws
      </button>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

export function AugmentationPanel() {
  const config = useLab((s) => s.config);
  const running = useLab((s) => s.training.status === 'running');
  const hidden = useHidden('augmentation');
  if (hidden) return null;
  const t = config.trainer;
  const a = t.augmentation;
  const preset = presetOf(a);
  const frozen = backboneOf(t.model) === 'resnet34Frozen';
  const set = (augmentation: Augmentation) =>
    void lab.update({ ...config, trainer: { ...t, augmentation } }, `augmentation: ${describeAugmentation(augmentation)}`);
  return (
    <Panel id="augmentation" title="Augmentation">
      <fieldset disabled={running}>
        <div className="field">
          <label htmlFor="augmentation-preset">Preset</label>
          <select
            id="augmentation-preset"
            value={preset}
            onChange={(e) => {
              const id = e.target.value as AugmentationPresetId | 'custom';
              if (id !== 'custom') set(AUGMENTATION_PRESETS[id]);
            }}
          >
            {AUGMENTATION_PRESET_IDS.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
            <option value="custom" disabled>
              custom
            </option>
          </select>
        </div>
        <label>
          <input type="checkbox" checked={a.flip} onChange={(e) => set({ ...a, flip: e.target.checked })} /> horizontal flip
        </label>
        <div className="field-grid">
          {NUMERIC.map((f) => (
            <NumberField
              key={f.key}
              id={`augmentation-${f.key}`}
              label={f.label}
              min={f.min}
              max={f.max}
              value={a[f.key]}
              hint={f.hint}
              onChange={(v) => set({ ...a, [f.key]: v })}
            />
          ))}
        </div>
      </fieldset>
      <p className="hint">
        Each training image is transformed on the backend inside the step, drawn from the run’s seed and the step
        number, so a run and its resumed copy see the same views. Evaluation embeds the stored images as they are.
        {frozen && isAugmenting(a) && (
          <strong> The frozen backbone trains its head on cached descriptors of the stored images: augmentation does not apply to it.</strong>
        )}
      </p>
      <PreviewStrip augmentation={a} seed={t.seed} />
    </Panel>
  );
}
