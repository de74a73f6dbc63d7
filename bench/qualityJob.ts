/**
 * One learning-quality run per process, for machines with many cores (`npm run bench -- quality` runs them one after
 * another): `node qualityJob <set index> <condition> <seed> <seconds>` prints the outcome as one JSON line.
 * Used to measure on an idle many-core machine, where parallel single-threaded runs do not disturb each other.
 */
import { SETS, startBackend, trainFor } from './learningQuality.ts';

const [setIndex, condition, seed, seconds] = process.argv.slice(2);
const set = SETS[Number(setIndex)];
if (!set) throw new Error(`no set ${setIndex}`);
await startBackend();
const outcome = await trainFor(set, await set.open(Number(seed)), Number(seed), condition as Parameters<typeof trainFor>[3], Number(seconds));
console.log(JSON.stringify({ set: Number(setIndex), condition, seed: Number(seed), seconds: Number(seconds), ...outcome }));
