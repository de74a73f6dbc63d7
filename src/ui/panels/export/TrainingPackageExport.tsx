/**
 * Scale-out that runs: the current run as a PyTorch training package (.zip). The training worker gathers the parts
 * that need tfjs (the golden batch from the run's initial weights, the model's topology, the images and their
 * hashes); the zip is written here by a lazily loaded module (fflate deflates a large file in a worker of its own), so
 * the page's entry chunk carries no Python and the page never freezes on a 22 MB ResNet.
 */
import { useState } from 'react';
import { errorText } from '../../../common/errorText';
import { lab } from '../../stores';
import { useLab } from '../../useLab';
import { downloadFile } from './download';

/** What the worker is doing at each progress count (train/packageRequest.ts's stages). */
const STAGES = ['measuring the golden batch', 'reading the images', 'hashing the images', 'writing the zip'];

export function TrainingPackageExport() {
  const ready = useLab((s) => s.backend.status === 'ready' && s.run !== null);
  const seed = useLab((s) => s.config.trainer.seed);
  const progress = useLab((s) => (s.progress?.task === 'trainingPackage' ? s.progress : null));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ bytes: number; images: number } | null>(null);

  const download = async () => {
    const worker = lab.worker();
    if (!worker) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const parts = await worker.trainingPackage();
      const [{ trainingPackageFiles }, { zip: zipAsync }] = await Promise.all([import('../../../export/trainingPackage'), import('fflate')]);
      const zip = await new Promise<Uint8Array>((resolve, reject) =>
        zipAsync(trainingPackageFiles(parts), (failure, bytes) => (failure ? reject(failure) : resolve(bytes))),
      );
      downloadFile(zip, `triplet-lab-training-package-seed${seed}.zip`, 'application/zip');
      setDone({ bytes: zip.byteLength, images: parts.images.labels.length });
    } catch (e) {
      setError(`Could not build the training package: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const stage = busy ? STAGES[progress ? Math.min(progress.done, STAGES.length - 1) : 0] : null;
  return (
    <div className="export-row" data-testid="training-package">
      <button onClick={() => void download()} disabled={!ready || busy} data-testid="training-package-download">
        {busy ? `Building… ${stage}` : 'Download training package (.zip)'}
      </button>
      {done && (
        <span className="hint" data-testid="training-package-done">
          {(done.bytes / 1e6).toFixed(1)} MB, {done.images} training images: unzip, then <code>python train.py --check</code>,{' '}
          <code>python train.py --nproc 2 --steps 1000</code>
        </span>
      )}
      {error && (
        <p className="error" role="alert" data-testid="training-package-error">
          {error}
        </p>
      )}
    </div>
  );
}
