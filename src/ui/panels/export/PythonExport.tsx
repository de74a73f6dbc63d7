/** Scale-out: the configuration as a PyTorch + pytorch-metric-learning script. */
import { pythonScript, scriptName } from '../../../export/pythonExport';
import { PML_MAPPING } from '../../../export/pythonLosses';
import { linkFor } from '../../../state/urlCodec';
import { useLab } from '../../useLab';
import { downloadFile } from './download';

export function PythonExport() {
  const config = useLab((s) => s.config);
  const mapping = PML_MAPPING[config.trainer.loss];
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
    </div>
  );
}
