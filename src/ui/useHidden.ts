import { useSyncExternalStore } from 'react';
import { hiddenControls, type HideGroup } from '../state/urlCodec';

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

/** Whether a classroom link (`#hide=loss,network`) hides this control group. */
export function useHidden(group: HideGroup): boolean {
  return useSyncExternalStore(subscribe, () => hiddenControls(location.hash).has(group));
}
