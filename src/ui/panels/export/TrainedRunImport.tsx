/**
 * The training package's run back in the lab: model.json + weights.bin scored on the held-out identities (the
 * Evaluation panel's metrics, beside the lab's latest), log.csv drawn in the loss chart as "PyTorch run".
 */
import { evaluation } from '../../stores';
import { useSyncExternalStore } from 'react';
import { importedRun, useImportedRun } from './importedRunStore';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function TrainedRunImport() {
  const state = useImportedRun((s) => s);
  const lab = useSyncExternalStore(evaluation.store.subscribe, () => evaluation.store.get().latest);
  const { scores } = state;
  return (
    <div className="export-row" data-testid="trained-run-import">
      <label>
        Import trained run{' '}
        <input
          type="file"
          multiple
          accept=".json,.bin,.csv"
          data-testid="trained-run-files"
          disabled={state.status === 'running'}
          onChange={(e) => {
            const files = e.currentTarget.files;
            if (files && files.length > 0) void importedRun.importFiles([...files]);
            e.currentTarget.value = '';
          }}
        />
      </label>
      {state.status === 'running' && <span className="hint">Evaluating {state.files.join(', ')}…</span>}
      {state.status === 'error' && (
        <p className="error" role="alert" data-testid="trained-run-error">
          Could not import the run: {state.message}
        </p>
      )}
      {state.status === 'done' && (
        <div className="hint" data-testid="trained-run-result">
          {state.rows.length > 0 && (
            <p>
              Log: {state.rows.length} steps (to step {state.rows[state.rows.length - 1]?.step}), drawn as &quot;PyTorch
              run&quot; in the loss chart.
            </p>
          )}
          {scores && (
            <table className="compact">
              <thead>
                <tr>
                  <th>held-out</th>
                  <th>Recall@1</th>
                  <th>Recall@5</th>
                  <th>mAP@R</th>
                  <th>AUC</th>
                  <th>EER</th>
                </tr>
              </thead>
              <tbody>
                <tr data-testid="trained-run-scores">
                  <td>PyTorch run ({scores.images} images, {scores.identities} identities)</td>
                  <td>{pct(scores.recallAt1)}</td>
                  <td>{pct(scores.recallAt5)}</td>
                  <td>{pct(scores.mapAtR)}</td>
                  <td>{scores.auc.toFixed(3)}</td>
                  <td>{pct(scores.eer)}</td>
                </tr>
                {lab && (
                  <tr>
                    <td>lab, step {lab.step}</td>
                    <td>{pct(lab.result.retrieval.recallAt1)}</td>
                    <td>{pct(lab.result.retrieval.recallAt5)}</td>
                    <td>{pct(lab.result.retrieval.mapAtR)}</td>
                    <td>{lab.result.verification.auc.toFixed(3)}</td>
                    <td>{pct(lab.result.verification.eer)}</td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
