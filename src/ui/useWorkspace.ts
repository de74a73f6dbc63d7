import { useSyncExternalStore } from 'react';
import { workspaceOf, type WorkspaceId } from '../state/workspace';

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

/** The workspace the URL shows. */
export function useWorkspace(): WorkspaceId {
  return useSyncExternalStore(subscribe, () => workspaceOf(location.hash));
}
