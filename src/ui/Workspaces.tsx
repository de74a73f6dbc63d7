/**
 * The header's workspace tabs (WAI-ARIA tabs: arrow keys move between them, Home / End to the ends) and the
 * workspace panels. Every workspace stays mounted, hidden when not shown, so a run, an evaluation or a comparison
 * goes on while another workspace is in view; hidden charts skip their redraws and catch up when shown.
 */
import type { KeyboardEvent, ReactNode } from 'react';
import { showWorkspace, WORKSPACES, type WorkspaceId } from '../state/workspace';
import { useWorkspace } from './useWorkspace';

export function WorkspaceTabs() {
  const current = useWorkspace();
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = WORKSPACES.findIndex((w) => w.id === current);
    const next =
      e.key === 'ArrowRight' ? (i + 1) % WORKSPACES.length
      : e.key === 'ArrowLeft' ? (i - 1 + WORKSPACES.length) % WORKSPACES.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? WORKSPACES.length - 1
      : null;
    if (next === null) return;
    e.preventDefault();
    const id = WORKSPACES[next]!.id;
    showWorkspace(id);
    document.getElementById(`tab-${id}`)?.focus();
  };
  return (
    <div className="workspace-tabs" role="tablist" aria-label="Workspaces" onKeyDown={onKey}>
      {WORKSPACES.map((w) => (
        <button
          key={w.id}
          id={`tab-${w.id}`}
          role="tab"
          type="button"
          aria-selected={current === w.id}
          aria-controls={`workspace-${w.id}`}
          tabIndex={current === w.id ? 0 : -1}
          data-testid={`tab-${w.id}`}
          onClick={() => showWorkspace(w.id)}
        >
          {w.label}
        </button>
      ))}
    </div>
  );
}

export function Workspace({ id, children }: { id: WorkspaceId; children: ReactNode }) {
  const current = useWorkspace();
  return (
    <section id={`workspace-${id}`} role="tabpanel" aria-labelledby={`tab-${id}`} hidden={current !== id} data-workspace={id}>
      {children}
    </section>
  );
}
