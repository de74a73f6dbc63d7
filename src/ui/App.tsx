import { BackendBadge } from './BackendBadge';
import { Panel, Planned } from './Panel';
import { BackendPanel } from './panels/BackendPanel';
import { DataPanel } from './panels/DataPanel';

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
        <Panel id="model" title="Model & loss">
          <Planned>
            The embedding network, the loss variant with its formula and source, the margin and the miner.
          </Planned>
        </Panel>
        <Panel id="training" title="Training">
          <Planned>Play, pause, step and reset; steps, epoch, images per second and ms per step.</Planned>
        </Panel>
        <Panel id="census" title="Census">
          <Planned>
            Per batch: how many triplets are easy, semi-hard and hard, for the population and the selection.
          </Planned>
        </Panel>
        <Panel id="clustering" title="Clustering">
          <Planned>k-means of identities into subspaces, run in a Web Worker, to build harder batches.</Planned>
        </Panel>
        <Panel id="evaluation" title="Evaluation">
          <Planned>Verification and retrieval on identities the network never saw: ROC, EER, Recall@K, mAP@R.</Planned>
        </Panel>
        <Panel id="compare" title="Compare">
          <Planned>
            Several losses trained in lockstep on the same data, seed and initial weights, curves overlaid.
          </Planned>
        </Panel>
        <BackendPanel />
      </main>
    </div>
  );
}
