import { Panel, Planned } from '../Panel';

/** Placeholder until the data UI lands. */
export function DataPanel() {
  return (
    <Panel id="data" title="Data">
      <Planned>
        Built-in synthetic faces and MNIST, or your own face folders (one folder per identity): import report, identity
        split, thumbnails.
      </Planned>
    </Panel>
  );
}
