/**
 * Clustering: identities into M subspaces of look-alikes by k-means of their mean embeddings (seed 000), run off the
 * page thread (embedding in the training worker, k-means in the cluster worker). Shows the subspaces as rows of
 * faces, their sizes and scores, hands them to the subspace sampler and compares its batches with P×K batches.
 */
import { useEffect, useMemo } from 'react';
import { createSyntheticFaces } from '../../data/synthetic/syntheticFaces';
import { clustering } from '../stores';
import { Panel } from '../Panel';
import { useLab } from '../useLab';
import { BatchComparison } from './clustering/BatchComparison';
import { ClusteringControls } from './clustering/ClusteringControls';
import { ClusteringScores } from './clustering/ClusteringScores';
import { warmFaces } from './clustering/faceQueue';
import { SeedGuidance } from './clustering/SeedGuidance';
import { SubspaceBrowser } from './clustering/SubspaceBrowser';
import { SubspaceSizes } from './clustering/SubspaceSizes';
import { useClustering } from './clustering/useClustering';

export function ClusteringPanel() {
  const config = useLab((s) => s.config);
  const run = useLab((s) => s.run);
  const result = useClustering((s) => s.result);
  const status = useClustering((s) => s.status);
  const message = useClustering((s) => s.message);
  // Face thumbnails are drawn for the synthetic set; an imported dataset shows the sizes and scores.
  const faces = useMemo(() => (config.dataset.kind === 'synthetic' ? createSyntheticFaces(config.dataset.settings) : null), [config.dataset]);
  useEffect(() => (faces ? warmFaces(faces) : undefined), [faces]);
  // Once the run is ready, spawn the k-means workers in idle time (not inside the first clustering).
  useEffect(() => {
    if (!run || typeof requestIdleCallback !== 'function') return;
    const handle = requestIdleCallback(clustering.warmClusterWorkers, { timeout: 5000 });
    return () => cancelIdleCallback(handle);
  }, [run]);
  // Identity ids and the split follow the dataset and seed: a clustering of another run is not shown.
  const current = result !== null && result.runKey === clustering.runKey();
  return (
    <Panel id="clustering" title="Clustering: subspaces of look-alikes">
      <div className="cluster-layout" data-testid="cluster-panel" data-status={status}>
        <div className="cluster-side">
          <SeedGuidance identities={run?.trainIdentities ?? 0} P={config.trainer.P} />
          <ClusteringControls />
          {message && (
            <p className={`banner${status === 'error' ? ' banner-error' : ''}`} role="alert">
              {message}
            </p>
          )}
          {result && !current && <p className="hint">The run changed since the last clustering: cluster again.</p>}
          {current && <ClusteringScores result={result} />}
          <BatchComparison ready={current} />
        </div>
        <div className="cluster-main">
          {current ? (
            <>
              <h3 className="cluster-heading">Subspaces, largest first</h3>
              <SubspaceSizes subspaces={result.subspaces} P={config.trainer.P} />
              {faces && <SubspaceBrowser key={result.version} subspaces={result.subspaces} faces={faces} />}
            </>
          ) : (
            <p className="hint cluster-empty">Cluster the identities to see each subspace as a row of faces, one per identity.</p>
          )}
        </div>
      </div>
    </Panel>
  );
}
