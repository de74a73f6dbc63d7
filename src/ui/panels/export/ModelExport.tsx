/**
 * Download the network as model.json + weights.bin (tfjs layers format) and check that such files load back (in the
 * model-check worker: the page runs no tfjs).
 */
import { useState } from 'react';
import type { io } from '@tensorflow/tfjs-core';
import { lab } from '../../stores';
import { useLab } from '../../useLab';
import { downloadFile } from './download';
import { modelJson, weightsBin } from '../../../export/modelFiles';
import { checkModelFiles } from '../../../workers/modelCheckClient';
import type { LoadedModelInfo } from '../../../workers/modelCheckProtocol';
import { errorText } from '../../../common/errorText';

const message = (e: unknown): string => errorText(e);

export function ModelExport() {
  const ready = useLab((s) => s.backend.status === 'ready' && s.run !== null);
  const [exported, setExported] = useState<{ artifacts: io.ModelArtifacts; step: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<{ info: LoadedModelInfo } | { error: string } | null>(null);

  const saveJson = (a: io.ModelArtifacts) => downloadFile(modelJson(a), 'model.json', 'application/json');
  const saveWeights = (a: io.ModelArtifacts) => downloadFile(weightsBin(a), 'weights.bin', 'application/octet-stream');

  const download = async () => {
    const worker = lab.worker();
    if (!worker) return;
    setBusy(true);
    setError(null);
    try {
      const out = await worker.exportModel();
      setExported(out);
      saveJson(out.artifacts);
      saveWeights(out.artifacts);
    } catch (e) {
      setError(`Could not export the model: ${message(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const reload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setCheck(null);
    try {
      setCheck({ info: await checkModelFiles([...files]) });
    } catch (e) {
      setCheck({ error: message(e) });
    }
  };

  return (
    <div className="export-section">
      <h3>Model (TensorFlow.js)</h3>
      <div className="export-row">
        <button onClick={() => void download()} disabled={!ready || busy} data-testid="model-download">
          {busy ? 'Exporting…' : 'Download model.json + weights.bin'}
        </button>
        {exported && (
          <span className="export-again">
            step {exported.step}:{' '}
            <button className="link" onClick={() => saveJson(exported.artifacts)} data-testid="model-json">
              model.json
            </button>{' '}
            <button className="link" onClick={() => saveWeights(exported.artifacts)} data-testid="model-weights">
              weights.bin
            </button>
          </span>
        )}
      </div>
      <p className="hint">
        Load with <code>tf.loadLayersModel</code>; the output is the embedding before L2 normalisation (normalise it
        yourself when the run does).
      </p>
      {error && (
        <p role="alert" className="export-error">
          {error}
        </p>
      )}
      <label className="export-file">
        Check exported files (pick model.json and weights.bin):{' '}
        <input
          type="file"
          multiple
          accept=".json,.bin"
          onChange={(e) => void reload(e.target.files)}
          data-testid="model-reload"
        />
      </label>
      {check && (
        <p className={'error' in check ? 'export-error' : 'export-ok'} role="status" data-testid="model-reload-result">
          {'error' in check
            ? `Could not load: ${check.error}`
            : `Loaded: ${check.info.params.toLocaleString()} parameters, input ${check.info.inputShape.map((d) => d ?? 'B').join('×')}, output D = ${check.info.embeddingDim}${Number.isFinite(check.info.probeNorm) ? '' : ' (but the output is not finite)'}.`}
        </p>
      )}
    </div>
  );
}
