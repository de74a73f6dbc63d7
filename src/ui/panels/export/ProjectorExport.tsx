/**
 * Embeddings of the validation (or training) images for the TensorBoard Embedding Projector: vectors, metadata,
 * sprite and config, as one .zip or one file at a time.
 */
import { useState } from 'react';
import { imagesFor } from '../../../state/datasetImages';
import type { LabConfig } from '../../../state/config';
import type { TestTimeAugmentation } from '../../../data/augmentation';
import { TtaSelect } from '../SettingSelects';
import { lab } from '../../stores';
import { projectorFiles, projectorZip, type ProjectorFiles } from '../../../export/projectorExport';
import { useLab } from '../../useLab';
import { downloadFile } from './download';
import { errorText } from '../../../common/errorText';

type Split = 'validation' | 'train';
const TYPES: Record<keyof ProjectorFiles, string> = {
  'vectors.tsv': 'text/tab-separated-values',
  'metadata.tsv': 'text/tab-separated-values',
  'sprite.png': 'image/png',
  'projector_config.json': 'application/json',
};

/** The four files for the current network; the sprite holds the dataset's own images. */
async function buildFiles(
  config: LabConfig,
  split: Split,
  tta: TestTimeAugmentation,
): Promise<{ files: ProjectorFiles; step: number; n: number }> {
  const worker = lab.worker();
  if (!worker) throw new Error('the training worker is not running');
  const { embeddings, step } = await worker.embedValidation(split, tta);
  const images = await imagesFor(config.dataset);
  const files = projectorFiles(embeddings, {
    tensorName: `triplet-lab ${split} step ${step}${tta === 'none' ? '' : ` tta ${tta}`}`,
    fileName: (image) => images.name(image),
    identityName: images.identityName,
    thumbnail: (image) => ({ pixels: images.pixels(image), size: images.size, channels: images.channels }),
    imageSize: images.size,
  });
  return { files, step, n: embeddings.labels.length };
}

export function ProjectorExport() {
  const config = useLab((s) => s.config);
  const ready = useLab((s) => s.backend.status === 'ready' && s.run !== null);
  const progress = useLab((s) => (s.progress?.task === 'embedValidation' ? s.progress : null));
  const [split, setSplit] = useState<Split>('validation');
  const [tta, setTta] = useState<TestTimeAugmentation>('none');
  const [result, setResult] = useState<{ files: ProjectorFiles; step: number; n: number; split: Split } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const compute = async () => {
    setBusy(true);
    setError(null);
    try {
      const built = await buildFiles(config, split, tta);
      setResult({ ...built, split });
      downloadFile(projectorZip(built.files), `projector-${split}-step${built.step}.zip`, 'application/zip');
    } catch (e) {
      setError(`Could not embed the images: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export-section">
      <h3>Embeddings for the Embedding Projector</h3>
      <div className="export-row">
        <label>
          Images{' '}
          <select value={split} onChange={(e) => setSplit(e.target.value as Split)} data-testid="projector-split">
            <option value="validation">validation (unseen identities)</option>
            <option value="train">training</option>
          </select>
        </label>
        <label>
          Test-time augmentation{' '}
          <TtaSelect testId="projector-tta" value={tta} onChange={setTta} />
        </label>
        <button onClick={() => void compute()} disabled={!ready || busy} data-testid="projector-zip">
          {busy ? (progress ? `Embedding ${progress.done}/${progress.total}…` : 'Embedding…') : 'Download .zip'}
        </button>
      </div>
      {result && (
        <p className="export-again" data-testid="projector-files">
          {result.n} {result.split} images at step {result.step}:{' '}
          {(Object.keys(result.files) as (keyof ProjectorFiles)[]).map((name) => (
            <button
              key={name}
              className="link"
              onClick={() => downloadFile(result.files[name]!, name, TYPES[name])}
              data-testid={`projector-file-${name}`}
            >
              {name}
            </button>
          ))}
        </p>
      )}
      <p className="hint">
        Open{' '}
        <a href="https://projector.tensorflow.org/" target="_blank" rel="noreferrer">
          projector.tensorflow.org
        </a>
        , choose “Load” and pick vectors.tsv and metadata.tsv; colour by identity. TensorBoard reads
        projector_config.json with the sprite. Nothing is uploaded from here.
      </p>
      {error && (
        <p role="alert" className="export-error">
          {error}
        </p>
      )}
    </div>
  );
}
