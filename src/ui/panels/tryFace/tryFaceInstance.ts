/** The page's try-a-face controller, wired to the lab's worker, the latest evaluation and the dataset's stored form. */
import { datasetLibrary } from '../../../state/datasets';
import { prepareProbe } from '../../../state/probeForm';
import { createTryFace } from '../../../state/tryFace';
import { choiceSpec } from '../../../train/datasetSource';
import { evaluation, lab } from '../../stores';

export const tryFace = createTryFace({
  worker: () => lab.worker(),
  evaluation: () => evaluation.store.get().latest,
  prepare(photo, name) {
    const choice = lab.store.get().config.dataset;
    const { resolution, channels } = choiceSpec(choice);
    const aligned =
      choice.kind === 'stored' &&
      datasetLibrary.store.get().datasets.some((d) => d.id === choice.id && d.aligned === true);
    return prepareProbe(photo, name, { spec: { width: resolution, height: resolution, channels }, aligned });
  },
});
