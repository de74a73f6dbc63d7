import type { ReactNode } from 'react';

export interface PanelProps {
  id: string;
  title: string;
  children: ReactNode;
}

/** A titled region of the lab; `id` doubles as the landmark's accessible name anchor. */
export function Panel({ id, title, children }: PanelProps) {
  return (
    <section className="panel" id={id} aria-labelledby={`${id}-title`} data-panel={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** What a panel will hold, shown until the feature lands: a plain statement, never fake data. */
export function Planned({ children }: { children: ReactNode }) {
  return <p className="planned">{children}</p>;
}
