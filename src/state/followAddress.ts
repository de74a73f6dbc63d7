/**
 * The address bar mirrors the run's configuration, and an address edited by hand (or a link pasted into this tab)
 * names other settings: applying them restarts the run from the seed, so a run with steps asks first; declined, the
 * address shows the run's settings again.
 */
import type { DatasetLibrary } from './datasets';
import type { LabConfig } from './config';
import { resolveLinkDataset } from './linkDataset';
import type { LabState, Store } from './store';
import { configFromLocation, encodeConfig, writeConfigToHash } from './urlCodec';

export interface AddressActions {
  reconfigure(config: LabConfig): Promise<void>;
  /** The run's banner: why a link's imported set is not used. */
  say(message: string): void;
}

/** Subscribes to the lab's `store` and to the window's hashchange. */
export function followAddress(
  store: Store<LabState>,
  datasets: Pick<DatasetLibrary, 'start' | 'store'>,
  act: AddressActions,
): void {
  let shown = store.get().config;
  store.subscribe(() => {
    const { config } = store.get();
    if (config === shown) return;
    shown = config;
    writeConfigToHash(config);
  });
  window.addEventListener('hashchange', async () => {
    const decoded = configFromLocation(location.hash);
    const linked = await resolveLinkDataset(decoded.storedSet, datasets);
    if (linked.warning) act.say(linked.warning);
    const config = decoded.config && linked.dataset ? { ...decoded.config, dataset: linked.dataset } : decoded.config;
    const current = store.get().config;
    if (!config || encodeConfig(config) === encodeConfig(current)) return;
    const { step } = store.get().training;
    const question = `The address names other settings (#${encodeConfig(config)}). Apply them? The run restarts from the seed and its ${step} steps are lost.`;
    if (step > 0 && !window.confirm(question)) {
      writeConfigToHash(current);
      return;
    }
    void act.reconfigure(config);
  });
}
