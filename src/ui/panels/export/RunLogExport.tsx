/** The run so far (one row per step, markers, configuration) as CSV or JSON. */
import { lab } from '../../stores';
import { runLogCsv, runLogJson } from '../../../export/runLogExport';
import { linkFor } from '../../../state/urlCodec';
import { useLabThrottled } from '../../useLab';
import { downloadFile } from './download';

export function RunLogExport() {
  const step = useLabThrottled((s) => s.training.step, 1000);
  const save = (format: 'csv' | 'json') => {
    const { rows, markers } = lab.history;
    const { config, run } = lab.store.get();
    const name = `triplet-lab-run-${config.trainer.loss}-step${step}.${format}`;
    if (format === 'csv') downloadFile(runLogCsv(rows, markers), name, 'text/csv');
    else
      downloadFile(
        runLogJson({ config, run, link: linkFor(config), markers: [...markers], rows: [...rows] }),
        name,
        'application/json',
      );
  };
  return (
    <div className="export-section">
      <h3>Run log</h3>
      <div className="export-row">
        <button onClick={() => save('csv')} data-testid="runlog-csv">
          CSV
        </button>
        <button onClick={() => save('json')} data-testid="runlog-json">
          JSON (with configuration)
        </button>
        <span className="hint">
          {step} step{step === 1 ? '' : 's'}
        </span>
      </div>
    </div>
  );
}
