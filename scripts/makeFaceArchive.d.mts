/** Types of makeFaceArchive.mjs for the TypeScript specs that import it. */
export function noisePng(seed: number): Buffer;
export function writeFaceArchive(path: string, megabytes?: number): Promise<{ files: number; bytes: number }>;
