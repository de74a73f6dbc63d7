import { useMemo, useState } from 'react';
import type { SyntheticFacesSettings } from '../../../data/synthetic/syntheticFaces';
import {
  createSyntheticFaces,
  MAX_SYNTHETIC_IDENTITIES,
  SYNTHETIC_DEFAULTS,
} from '../../../data/synthetic/syntheticFaces';
import { datasetLibrary } from '../../../state/datasets';
import { lab } from '../../stores';
import { useLab } from '../../useLab';
import { ImageStrip } from './ImageStrip';

const PREVIEW_IMAGES = 5;

interface Field {
  key: 'identities' | 'imagesPerIdentity' | 'familySize' | 'familySimilarity';
  label: string;
  min: number;
  max: number;
  step: number;
  hint: string;
}

const FIELDS: Field[] = [
  { key: 'identities', label: 'Identities', min: 2, max: MAX_SYNTHETIC_IDENTITIES, step: 1, hint: 'different people' },
  {
    key: 'imagesPerIdentity',
    label: 'Images per identity',
    min: 1,
    max: 1000,
    step: 1,
    hint: 'pose, light, expression vary',
  },
  { key: 'familySize', label: 'Family size', min: 1, max: 100, step: 1, hint: 'look-alike groups (hard negatives)' },
  { key: 'familySimilarity', label: 'Family similarity', min: 0, max: 1, step: 0.05, hint: '0 = strangers, 1 = twins' },
];

const fieldOk = (s: SyntheticFacesSettings, f: Field): boolean => {
  const v = s[f.key];
  return Number.isFinite(v) && v >= f.min && v <= f.max && (f.step !== 1 || Number.isInteger(v));
};

/** Rows of the preview: an identity, a family member of it (a look-alike) and one from another family. */
function previewRows(s: SyntheticFacesSettings): { identity: number; caption: string }[] {
  const rows = [{ identity: 0, caption: 'Identity 0' }];
  if (s.familySize > 1) rows.push({ identity: 1, caption: 'Identity 1: same family (look-alike)' });
  if (s.familySize < s.identities)
    rows.push({ identity: s.familySize, caption: `Identity ${s.familySize}: another family` });
  return rows;
}

function Preview({ settings }: { settings: SyntheticFacesSettings }) {
  const rows = useMemo(() => {
    const faces = createSyntheticFaces(settings);
    const k = Math.min(PREVIEW_IMAGES, settings.imagesPerIdentity);
    const bytes = faces.spec.width * faces.spec.height * faces.spec.channels;
    return previewRows(settings).map(({ identity, caption }) => {
      const pixels = new Uint8Array(k * bytes);
      for (let j = 0; j < k; j++) faces.render(identity * settings.imagesPerIdentity + j, pixels, j * bytes);
      return { identity, caption, pixels, k, spec: faces.spec };
    });
  }, [settings]);
  return (
    <div className="data-preview" data-testid="data-synthetic-preview">
      {rows.map((r) => (
        <figure key={r.identity} className="data-preview-row">
          <figcaption>{r.caption}</figcaption>
          <ImageStrip
            pixels={r.pixels}
            count={r.k}
            width={r.spec.width}
            height={r.spec.height}
            channels={r.spec.channels}
            scale={r.spec.width <= 32 ? 2 : 1}
            label={`${r.caption}, ${r.k} images`}
          />
        </figure>
      ))}
    </div>
  );
}

/** The built-in dataset: its settings (applied to the run on "Apply") and a preview of what it renders. */
export function SyntheticChoice() {
  const dataset = useLab((s) => s.config.dataset);
  const applied: SyntheticFacesSettings = dataset.kind === 'synthetic' ? dataset.settings : SYNTHETIC_DEFAULTS;
  const [draft, setDraft] = useState<SyntheticFacesSettings | null>(null);
  const settings = draft ?? applied;
  const bad = FIELDS.filter((f) => !fieldOk(settings, f));
  const ok = bad.length === 0;

  const apply = () => {
    if (!draft || !ok) return;
    const { config, training } = lab.store.get();
    if (
      training.step > 0 &&
      !window.confirm(
        `New synthetic faces restart training from the seed: ${training.step} steps will be lost. Continue?`,
      )
    )
      return;
    // Applying synthetic settings means training on them: the built-in set becomes the active choice too.
    datasetLibrary.setActive(null);
    void lab.reconfigure({ ...config, dataset: { kind: 'synthetic', settings: draft } });
    setDraft(null);
  };

  return (
    <div className="data-synthetic">
      <p className="hint">
        Drawn on the fly from a seed, no download: {applied.identities.toLocaleString('en-US')} identities ×{' '}
        {applied.imagesPerIdentity} images at {applied.resolution}×{applied.resolution}{' '}
        {applied.channels === 3 ? 'RGB' : 'grayscale'}.
      </p>
      <div className="data-fields">
        {FIELDS.map((f) => (
          <label key={f.key} className="data-field">
            <span>{f.label}</span>
            <input
              type="number"
              min={f.min}
              max={f.max}
              step={f.step}
              value={settings[f.key]}
              aria-describedby={`data-hint-${f.key}`}
              onChange={(e) => setDraft({ ...settings, [f.key]: e.target.valueAsNumber })}
            />
            <small id={`data-hint-${f.key}`}>{f.hint}</small>
          </label>
        ))}
      </div>
      {draft && (
        <div className="data-actions">
          <button type="button" onClick={apply} disabled={!ok}>
            Apply
          </button>
          <button type="button" onClick={() => setDraft(null)}>
            Revert
          </button>
          {bad.map((f) => (
            <span key={f.key} className="data-inline-error">
              {f.label} must be {f.step === 1 ? 'a whole number ' : ''}from {f.min} to {f.max.toLocaleString('en-US')}.
            </span>
          ))}
        </div>
      )}
      {ok && <Preview settings={settings} />}
    </div>
  );
}
