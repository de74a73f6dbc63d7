/**
 * The clustering settings (M, metric, restarts, background re-clustering), the run button with its cancel, and the
 * progress of both phases: embedding in the training worker, k-means in the cluster worker.
 */
import { NumberField } from '../../NumberField';
import { Toggletip } from '../../Toggletip';
import type { KMeansMetric } from '../../../cluster';
import type { IdentityRepresentation } from '../../../train/identityEmbedding';
import { isBusy } from '../../../state/clustering';
import { clustering } from '../../stores';
import { subspaceCount } from '../../../cluster/subspaces';
import { useLab } from '../../useLab';
import { useClustering } from './useClustering';

const RECLUSTER_DEFAULT = 200;

function Progress() {
  const status = useClustering((s) => s.status);
  const kmeans = useClustering((s) => s.kmeans);
  const progress = useLab((s) => s.progress);
  if (status === 'embedding') {
    const p = progress?.task === 'embedIdentities' ? progress : null;
    return (
      <div className="cluster-progress" role="status">
        <label htmlFor="cluster-embed-progress">
          Embedding identities{p ? `: ${p.done} / ${p.total} images` : '…'}
        </label>
        <progress id="cluster-embed-progress" max={p?.total ?? 1} value={p?.done ?? 0} />
      </div>
    );
  }
  if (status === 'clustering') {
    return (
      <div className="cluster-progress" role="status" data-testid="cluster-kmeans-progress">
        {kmeans === null ? (
          'k-means starting…'
        ) : kmeans.phase === 'seeding' ? (
          `k-means++ seeding (restart ${kmeans.run + 1} / ${kmeans.runs})`
        ) : (
          <>
            restart {kmeans.run + 1} / {kmeans.runs} · iteration {kmeans.iteration} · inertia{' '}
            {Number.isFinite(kmeans.inertia) ? kmeans.inertia.toFixed(3) : '–'} · moved {kmeans.moved}
          </>
        )}
      </div>
    );
  }
  return null;
}

export function ClusteringControls() {
  const settings = useClustering((s) => s.settings);
  const status = useClustering((s) => s.status);
  const run = useLab((s) => s.run);
  const P = useLab((s) => s.config.trainer.P);
  const seed = useLab((s) => s.config.trainer.seed);
  const busy = isBusy(status);
  const n = run?.trainIdentities ?? 0;
  const k = subspaceCount(n, P, settings.k);
  const perSubspace = n > 0 ? n / k : 0;
  return (
    <div className="cluster-controls">
      <div className="field-row">
        <NumberField integer
          id="cluster-k"
          label="Subspaces M"
          min={2}
          max={Math.max(2, n)}
          value={k}
          disabled={busy}
          onChange={(v) => clustering.setClusteringSettings({ k: v })}
        />
        <div className="field">
          <label htmlFor="cluster-metric">Metric</label>
          <select
            id="cluster-metric"
            value={settings.metric}
            disabled={busy}
            onChange={(e) => clustering.setClusteringSettings({ metric: e.target.value as KMeansMetric })}
          >
            <option value="cosine">cosine (spherical k-means)</option>
            <option value="euclidean">euclidean</option>
          </select>
        </div>
        <div className="field">
          <span className="toggletip-row">
            <label htmlFor="cluster-representation">Identities as</label>
            <Toggletip about="the identity representations">
              Each identity is the mean of its images’ normalised embeddings. The pretrained ResNet-34’s descriptors
              group look-alikes before any training; the current network’s embeddings do once it has trained.
            </Toggletip>
          </span>
          <select
            id="cluster-representation"
            value={settings.representation}
            disabled={busy}
            onChange={(e) => clustering.setClusteringSettings({ representation: e.target.value as IdentityRepresentation })}
          >
            <option value="current">current network</option>
            <option value="pretrained">pretrained ResNet-34 (face-api)</option>
          </select>
        </div>
        <NumberField integer
          id="cluster-ninit"
          label="Restarts"
          min={1}
          max={10}
          value={settings.nInit}
          disabled={busy}
          onChange={(nInit) => clustering.setClusteringSettings({ nInit })}
        />
      </div>
      <p className={`hint${n > 0 && perSubspace < P ? ' cluster-warn' : ''}`}>
        {n > 0
          ? `≈ ${perSubspace.toFixed(1)} identities per subspace (P = ${P}); k-means++ seeded with ${seed}.`
          : 'Waiting for the run…'}
        {settings.k !== null && (
          <>
            {' '}
            <button className="link" onClick={() => clustering.setClusteringSettings({ k: null })} disabled={busy}>
              Use default
            </button>
          </>
        )}
      </p>
      <div className="controls">
        <button
          className="cluster-primary"
          onClick={() => void clustering.clusterIdentities()}
          disabled={!run || busy}
          data-testid="cluster-run"
        >
          Cluster identities
        </button>
        {busy && (
          <button onClick={clustering.cancelClustering} data-testid="cluster-cancel">
            Cancel
          </button>
        )}
      </div>
      <Progress />
      <div className="cluster-recluster">
        <label>
          <input
            type="checkbox"
            checked={settings.reclusterEvery !== null}
            onChange={(e) => clustering.setClusteringSettings({ reclusterEvery: e.target.checked ? RECLUSTER_DEFAULT : null })}
          />{' '}
          Re-cluster every
        </label>{' '}
        <input
          type="number"
          aria-label="Re-cluster every N steps"
          min={10}
          step={10}
          value={settings.reclusterEvery ?? RECLUSTER_DEFAULT}
          disabled={settings.reclusterEvery === null}
          onChange={(e) => {
            const v = Math.round(Number(e.target.value));
            if (v >= 10) clustering.setClusteringSettings({ reclusterEvery: v });
          }}
        />{' '}
        steps while training
      </div>
    </div>
  );
}
