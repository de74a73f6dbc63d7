/**
 * The clustering state: plain data about the subspaces of the current run, read by the Clustering panel and copied
 * out by the test hook (src/testHook). Kept apart from the actions (clustering.ts), which drive the lab controller
 * and make the store.
 */
import type { KMeansMetric, KMeansProgress } from '../cluster';
import type { IdentityRepresentation } from '../train/identityEmbedding';
import type { SamplerCensus } from '../train/samplerComparison';
import type { LookAlikePairs, Subspace } from '../cluster/subspaces';

export type ClusteringStatus = 'idle' | 'embedding' | 'clustering' | 'done' | 'error';

export interface ClusteringSettings {
  /** Number of subspaces M; null follows the default for the run (identities / 2P). */
  k: number | null;
  metric: KMeansMetric;
  nInit: number;
  /** Re-cluster whenever training crosses a multiple of this many steps; null: off. */
  reclusterEvery: number | null;
  /** Identity vectors from the network being trained, or from the pretrained ResNet (seed 000). */
  representation: IdentityRepresentation;
}

export interface SubspaceClustering {
  /** Counts clusterings in this page: a new one remounts the subspace browser. */
  version: number;
  k: number;
  metric: KMeansMetric;
  /** Training step of the network that embedded the identities. */
  step: number;
  representation: IdentityRepresentation;
  /** Which run it belongs to (dataset and split seed): stale when the run changes. */
  runKey: string;
  /** [k] identities per subspace, by subspace id. */
  sizes: number[];
  /** Largest first, for the browser. */
  subspaces: Subspace[];
  identities: number;
  inertia: number;
  iterations: number;
  converged: boolean;
  /** Mean silhouette over a seeded sample of identities (null when undefined, e.g. one subspace). */
  silhouette: number | null;
  /** Against the synthetic look-alike families (null on data without families). */
  families: { purity: number; nmi: number; pairs: LookAlikePairs } | null;
  embedMs: number;
  kmeansMs: number;
}

export interface ClusteringState {
  status: ClusteringStatus;
  message: string | null;
  settings: ClusteringSettings;
  kmeans: KMeansProgress | null;
  /** The last finished clustering; kept while a new one runs. */
  result: SubspaceClustering | null;
  comparing: boolean;
  comparison: { step: number; results: SamplerCensus[] } | null;
}

export const INITIAL_CLUSTERING: ClusteringState = {
  status: 'idle',
  message: null,
  settings: { k: null, metric: 'cosine', nInit: 4, reclusterEvery: null, representation: 'current' },
  kmeans: null,
  result: null,
  comparing: false,
  comparison: null,
};

/** A clustering is under way (embedding or k-means): one at a time. */
export const isBusy = (status: ClusteringStatus): boolean => status === 'embedding' || status === 'clustering';
