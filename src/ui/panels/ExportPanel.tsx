/**
 * Export & share: the model (tfjs), embeddings for the Embedding Projector, the run log, the charts, a link that
 * reproduces the configuration (and a classroom variant hiding controls), and a PyTorch script to scale out.
 */
import { Panel } from '../Panel';
import { useHidden } from '../useHidden';
import { ChartsExport } from './export/ChartsExport';
import { ModelExport } from './export/ModelExport';
import { ProjectorExport } from './export/ProjectorExport';
import { PythonExport } from './export/PythonExport';
import { RunLogExport } from './export/RunLogExport';
import { ShareLinks } from './export/ShareLinks';

export function ExportPanel() {
  // A classroom link may hide this panel (#hide=export).
  if (useHidden('export')) return null;
  return (
    <Panel id="export" title="Export & share">
      <ShareLinks />
      <ModelExport />
      <ProjectorExport />
      <RunLogExport />
      <ChartsExport />
      <PythonExport />
    </Panel>
  );
}
