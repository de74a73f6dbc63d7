import { BackendBadge } from './BackendBadge';
import { AugmentationPanel } from './panels/AugmentationPanel';
import { BackendPanel } from './panels/BackendPanel';
import { CensusPanel } from './panels/CensusPanel';
import { ClusteringPanel } from './panels/ClusteringPanel';
import { ComparePanel } from './panels/ComparePanel';
import { CurvesPanel } from './panels/CurvesPanel';
import { DataPanel } from './panels/DataPanel';
import { EvaluationPanel } from './panels/EvaluationPanel';
import { ExportPanel } from './panels/ExportPanel';
import { InspectorPanel } from './panels/InspectorPanel';
import { ModelLossPanel } from './panels/ModelLossPanel';
import { TrainingPanel } from './panels/TrainingPanel';
import { Shortcuts } from './Shortcuts';

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
        <AugmentationPanel />
        <TrainingPanel />
        <CensusPanel />
        <CurvesPanel />
        <InspectorPanel />
        <ClusteringPanel />
        <EvaluationPanel />
        <ComparePanel />
        <ExportPanel />
        <BackendPanel />
      </main>
      <Shortcuts />
    </div>
  );
}
