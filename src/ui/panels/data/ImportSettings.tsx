/** The stored form of a selected import: name, resolution, grayscale or RGB, face alignment; Import and Clear. */
import type { Channels } from '../../../data/imageSpec';
import type { SpecSuggestion } from '../../../data/suggestSpec';

const RESOLUTIONS = [32, 48, 64, 96, 128, 160];

export interface ImportSettingsValue {
  name: string;
  resolution: number;
  channels: Channels;
  alignFaces: boolean;
}

export interface ImportSettingsProps {
  /** What was picked, for the user: "Folder “faces”: 1,204 files". */
  source: string;
  suggestion: SpecSuggestion | null;
  value: ImportSettingsValue;
  /** A change made by the user (a chosen resolution or colour is then kept over a later suggestion). */
  onChange: (patch: Partial<ImportSettingsValue>) => void;
  disabled: boolean;
  /** A sample of the photos is still being looked at (Import waits for the suggestion). */
  sampling: boolean;
  onImport: () => void;
  onClear: () => void;
}

export function ImportSettings(p: ImportSettingsProps) {
  const { value, onChange } = p;
  return (
    <div className="data-selection" data-testid="data-selection">
      <p>{p.source}</p>
      {p.suggestion && (
        <p className="hint" data-testid="data-suggestion">
          {p.suggestion.reason}
        </p>
      )}
      <div className="data-fields">
        <label className="data-field">
          <span>Name</span>
          <input
            value={value.name}
            onChange={(e) => onChange({ name: e.target.value })}
            data-testid="data-import-name"
          />
        </label>
        <label className="data-field">
          <span>Resolution</span>
          <select
            value={value.resolution}
            onChange={(e) => onChange({ resolution: Number(e.target.value) })}
            data-testid="data-resolution"
          >
            {RESOLUTIONS.map((r) => (
              <option key={r} value={r}>
                {r}×{r}
              </option>
            ))}
          </select>
        </label>
        <label className="data-field">
          <span>Colour</span>
          <select
            value={value.channels}
            onChange={(e) => onChange({ channels: Number(e.target.value) === 1 ? 1 : 3 })}
            data-testid="data-channels"
          >
            <option value={3}>RGB</option>
            <option value={1}>Grayscale</option>
          </select>
        </label>
      </div>
      <label className="data-align">
        <input
          type="checkbox"
          checked={value.alignFaces}
          onChange={(e) => onChange({ alignFaces: e.target.checked })}
          data-testid="data-align-faces"
        />
        <span>
          <strong>Detect and align faces</strong>: for photos rather than ready-made face crops. Each face is found (SSD
          MobileNet, 68 landmarks), turned so the eyes are level at a fixed distance and cropped to the resolution;
          photos with no face are skipped, with several the largest is kept. Slower: a few images per second per CPU
          core, in this browser.
        </span>
      </label>
      <div className="data-actions">
        <button
          type="button"
          className="data-primary"
          onClick={p.onImport}
          disabled={p.disabled || p.sampling}
          data-testid="data-import"
        >
          {p.sampling ? 'Looking at the photos…' : 'Import'}
        </button>
        <button type="button" onClick={p.onClear}>
          Clear
        </button>
      </div>
      <p className="hint">
        Images are {value.alignFaces ? 'face-aligned' : 'centre-cropped'}, resized and stored in this browser
        (IndexedDB); the originals are never uploaded or kept.
      </p>
    </div>
  );
}
