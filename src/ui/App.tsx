import { BackendBadge } from './BackendBadge';
import { YieldToTraining } from './YieldToTraining';
import { AugmentationPanel } from './panels/AugmentationPanel';
import { BackendPanel } from './panels/BackendPanel';
import { ClusteringPanel } from './panels/ClusteringPanel';
import { ComparePanel } from './panels/ComparePanel';
import { HealthPanel } from './panels/CurvesPanel';
import { DataPanel } from './panels/DataPanel';
import { EvaluationPanel } from './panels/EvaluationPanel';
import { ExportPanel } from './panels/ExportPanel';
import { TryFacePanel } from './panels/tryFace/TryFacePanel';
import { ModelLossPanel } from './panels/ModelLossPanel';
import { PresentationToggle } from './PresentationToggle';
import { RunControls } from './RunControls';
import { Shortcuts } from './Shortcuts';
import { StepThrough } from './stepThrough/StepThrough';
import { LessonView } from './workspaces/LessonView';
import { Workspace, WorkspaceTabs } from './Workspaces';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Triplet Lab</h1>
        <WorkspaceTabs />
        <RunControls />
        <PresentationToggle />
        <BackendBadge />
        <YieldToTraining />
      </header>
      <main>
        <Workspace id="train">
          <LessonView />
          <div className="panels">
            <ModelLossPanel />
            <AugmentationPanel />
            <HealthPanel />
          </div>
        </Workspace>
        <Workspace id="data">
          <div className="panels">
            <DataPanel />
          </div>
        </Workspace>
        <Workspace id="clustering">
          <div className="panels">
            <ClusteringPanel />
          </div>
        </Workspace>
        <Workspace id="evaluate">
          <div className="panels">
            <EvaluationPanel />
            <TryFacePanel />
          </div>
        </Workspace>
        <Workspace id="compare">
          <div className="panels">
            <ComparePanel />
          </div>
        </Workspace>
        <Workspace id="export">
          <div className="panels">
            <ExportPanel />
            <BackendPanel />
          </div>
        </Workspace>
      </main>
      <Shortcuts />
      <StepThrough />
    </div>
  );
}
