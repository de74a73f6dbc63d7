/** Scale-out: the configuration as a PyTorch + pytorch-metric-learning script, the runnable training package, and its trained run back in. */
import { pythonScript, scriptName } from '../../../export/pythonExport';
import { pmlMapping } from '../../../export/pythonLosses';
import { linkFor } from '../../../state/urlCodec';
import { useLab } from '../../useLab';
import { downloadFile } from './download';
import { TrainingPackageExport } from './TrainingPackageExport';
import { TrainedRunImport } from './TrainedRunImport';

export function PythonExport() {
  const config = useLab((s) => s.config);
  const mapping = pmlMapping(config.trainer.loss);
  return (
    <div className="export-section">
      <h3>Train at scale (PyTorch)</h3>
      <div className="export-row">
        <button
          onClick={() =>
            downloadFile(pythonScript(config, { link: linkFor(config) }), scriptName(config), 'text/x-python')
          }
          data-testid="python-download"
        >
          Download Python script
        </button>
      </div>
      <p className="hint">
        {config.trainer.loss} → <code>{mapping.pml}</code> ({mapping.match}
        {mapping.note ? `: ${mapping.note}` : ''}). The script trains the same network, loss, sampler and optimizer on
        an image folder with pytorch-metric-learning.
      </p>
      <TrainingPackageExport />
      <p className="hint">
        The training package runs as it is: the network starting from the lab&apos;s weights, the losses, the
        distributed P×K sampler and schedules in plain PyTorch, the training images with their hashes, and a golden
        batch that <code>train.py --check</code> recomputes to 1e-4. <code>--nproc N</code> trains under
        DistributedDataParallel; <code>--resume</code> continues from the last checkpoint. Bring its{' '}
        <code>trained/model.json</code>, <code>weights.bin</code> and <code>log.csv</code> back here:
      </p>
      <TrainedRunImport />
    </div>
  );
}
