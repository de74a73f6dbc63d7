/**
 * Workspaces instead of one long scroll: the lab opens on the lesson view (Train) and the header's tabs switch to the
 * others. The choice lives in the URL (`#…&view=evaluate`), so a link opens where it was shared and Back returns.
 */
import { hashText, VIEW_KEY, viewOf } from './urlCodec';

export const WORKSPACES = [
  { id: 'train', label: 'Train' },
  { id: 'data', label: 'Data' },
  { id: 'clustering', label: 'Clustering' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'compare', label: 'Compare' },
  { id: 'export', label: 'Export' },
] as const;

export type WorkspaceId = (typeof WORKSPACES)[number]['id'];

export const DEFAULT_WORKSPACE: WorkspaceId = 'train';

const isWorkspace = (v: string | null): v is WorkspaceId => WORKSPACES.some((w) => w.id === v);

/** The workspace a hash names (the lesson view when it names none or an unknown one). */
export function workspaceOf(hash: string = location.hash): WorkspaceId {
  const view = viewOf(hash);
  return isWorkspace(view) ? view : DEFAULT_WORKSPACE;
}

/**
 * Shows a workspace: a new history entry (Back returns to the previous one), the configuration and hidden groups
 * of the hash kept as they are.
 */
export function showWorkspace(id: WorkspaceId): void {
  if (workspaceOf() === id) return;
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  params.delete(VIEW_KEY);
  const rest = hashText(params);
  const view = id === DEFAULT_WORKSPACE ? '' : `${VIEW_KEY}=${id}`;
  const hash = [rest, view].filter(Boolean).join('&');
  location.hash = hash;
}
