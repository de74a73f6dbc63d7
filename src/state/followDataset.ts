/**
 * "Use for training" in the Data panel: when the library's active set changes, the run restarts on it with P, K
 * and augmentation fitted to the set (the panel confirms first); a switch back to no active set returns to the last
 * synthetic faces.
 */
import { fitTrainerToData } from '../train/dataDefaults';
import type { DatasetChoice } from '../train/datasetSource';
import { DEFAULT_CONFIG, type LabConfig } from './config';
import type { DatasetLibrary } from './datasets';
import type { LabState, Store } from './store';

export interface FollowActions {
  /** A new configuration; the run restarts from the seed. */
  configure(config: LabConfig): Promise<void>;
  /** The run's banner: what the fitted settings are and why. */
  say(message: string): void;
  fail(error: unknown): void;
}

/** Subscribes to the library; `store` is the lab's. */
export function followActiveDataset(
  datasets: Pick<DatasetLibrary, 'store'>,
  store: Store<LabState>,
  act: FollowActions,
): void {
  const current = store.get().config.dataset;
  let active = current.kind === 'stored' ? current.id : null;
  let lastSynthetic = current.kind === 'synthetic' ? current : DEFAULT_CONFIG.dataset;
  datasets.store.subscribe(() => {
    const { activeId, datasets: metas } = datasets.store.get();
    const { config } = store.get();
    if (config.dataset.kind === 'synthetic') lastSynthetic = config.dataset;
    if (activeId === active) return;
    active = activeId;
    if (activeId === null) {
      // The synthetic panel's Apply reconfigures by itself; only a switch back from an import lands here.
      if (config.dataset.kind !== 'synthetic') act.configure({ ...config, dataset: lastSynthetic }).catch(act.fail);
      return;
    }
    const meta = metas.find((d) => d.id === activeId);
    if (!meta) return;
    const dataset: DatasetChoice = {
      kind: 'stored',
      id: meta.id,
      name: meta.name,
      resolution: meta.spec.width,
      channels: meta.spec.channels,
    };
    // Settings that fit the set (P, K, augmentation), said in words once the run is configured.
    const fitted = fitTrainerToData(config.trainer, {
      name: meta.name,
      identities: meta.identities,
      images: meta.images,
      resolution: meta.spec.width,
      channels: meta.spec.channels,
      singleImageIdentities: meta.report?.singleImageIdentities.length ?? 0,
    });
    act
      .configure({ ...config, dataset, trainer: fitted.trainer })
      .then(() => act.say(fitted.summary))
      .catch(act.fail);
  });
}
