/** Clustering over Float32Arrays: k-means and clustering quality scores. Pure TypeScript; no tfjs, no DOM. */
export { CancelledError, isCancelled } from './cancel';
export type { CancelSignal } from './cancel';
export type { KMeansAlgorithm, KMeansMetric, KMeansOptions, KMeansProgress, KMeansResult } from './kmeansTypes';
export { kmeans, kmeansAsync, pickBest, restartSeeds, resolveKMeansOptions } from './kmeans';
export type { KMeansAsyncOptions } from './kmeans';
export { ari, nmi, purity } from './agreement';
export { silhouette } from './silhouette';
export type { SilhouetteOptions } from './silhouette';
export { inertia } from './inertia';
export { normaliseRows, meanFeatureVariance } from './vectors';
export { gaussianBlobs } from './testData';
export type { Blobs } from './testData';
