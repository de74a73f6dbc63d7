/** Built by vite.config.ts (lossCatalog) from the loss files; resolved to ../liveCatalog.ts under vitest. */
declare module 'virtual:loss-catalog' {
  export const LOSSES: Record<string, unknown>;
  export const LOSS_IDS: string[];
}
