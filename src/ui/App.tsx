import { BackendBadge } from './BackendBadge';
import { Panel, Planned } from './Panel';
import { BackendPanel } from './panels/BackendPanel';
import { CensusPanel } from './panels/CensusPanel';
import { ComparePanel } from './panels/ComparePanel';
import { CurvesPanel } from './panels/CurvesPanel';
import { DataPanel } from './panels/DataPanel';
import { EvaluationPanel } from './panels/EvaluationPanel';
import { InspectorPanel } from './panels/InspectorPanel';
import { ModelLossPanel } from './panels/ModelLossPanel';
import { TrainingPanel } from './panels/TrainingPanel';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          Triplet Lab <span className="tagline">deep metric learning with triplet loss, in your browser</span>
        </h1>
        <BackendBadge />
      </header>
      <main className="panels">
        <DataPanel />
        <ModelLossPanel />
        <TrainingPanel />
        <CensusPanel />
        <CurvesPanel />
        <InspectorPanel />
        <Panel id="clustering" title="Clustering">
          <Planned>k-means of identities into subspaces, run in a Web Worker, to build harder batches.</Planned>
        </Panel>
        <EvaluationPanel />
        <ComparePanel />
        <BackendPanel />
      </main>
    </div>
  );
}
