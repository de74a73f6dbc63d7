/** Clustering over Float32Arrays: k-means and clustering quality scores. Pure TypeScript; no tfjs, no DOM. */
export { CancelledError, isCancelled } from './cancel';
export type { CancelSignal } from './cancel';
export type { KMeansAlgorithm, KMeansInit, KMeansMetric, KMeansOptions, KMeansProgress, KMeansResult } from './kmeansTypes';
export { kmeans, kmeansAsync, pickBest, restartSeeds, resolveKMeansOptions } from './kmeans';
export type { KMeansAsyncOptions, KMeansEngine } from './kmeans';
export { blockedKernel } from './distanceKernel';
export type { DistanceKernel } from './distanceKernel';
export { simdKernel } from './simdKernel';
export { serveSharedKernel, sharedKernel } from './sharedKernel';
export type { SharedKernel, SharedKernelBind, SharedKernelHelper } from './sharedKernel';
export { ari, nmi, purity } from './agreement';
export { silhouette } from './silhouette';
export type { SilhouetteOptions } from './silhouette';
export { inertia } from './inertia';
export { normaliseRows, meanFeatureVariance } from './vectors';
export { gaussianBlobs } from './testData';
export type { Blobs } from './testData';
