/**
 * The comparison loop of the run controller: seed after seed (so finished seeds are balanced across configurations),
 * the configurations in lockstep within a seed until each has spent its budget; then each one's held-out metrics and
 * the statistics so far (comparisonSummary.ts), posted after every seed.
 */
import type * as tf from '@tensorflow/tfjs';
import { Comparison } from './comparison';
import { heldOutMetrics, summarise } from '../evaluation/comparisonSummary';
import type { SeedResult } from '../evaluation/compareMetrics';
import type { OpenDataset } from './datasetSource';
import { retrievalMetrics } from '../evaluation/retrieval';
import { embedImages } from './identityEmbedding';
import type { TrainRequest, TrainResponse } from './runProtocol';
import { errorText } from '../common/errorText';

export interface ComparisonDeps {
  post(message: TrainResponse): void;
  yieldToMessages(): Promise<void>;
  /** The controller's queue: one task on the device at a time. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** False once the page stops the comparison. */
  comparing(): boolean;
}

const message = (error: unknown): string => errorText(error);

export async function runComparison(
  request: Extract<TrainRequest, { type: 'compareStart' }>,
  opened: OpenDataset,
  pretrained: tf.NamedTensorMap | undefined,
  { post, yieldToMessages, exclusive, comparing }: ComparisonDeps,
): Promise<void> {
  const { entries, seeds, budget, evalEvery } = request;
  const base = entries[0]!.settings.seed;
  const results: SeedResult[][] = entries.map(() => []);
  const embed = (c: Comparison, run: number) => {
    const s = c.sessions[run]!;
    return exclusive(() => embedImages(s.trainer.model, opened.source, opened.validation, () => {}));
  };
  try {
    for (let seed = 0; seed < seeds && comparing(); seed++) {
      const comparison = await exclusive(async () => {
        const c = new Comparison(entries, opened, pretrained, base + seed);
        await c.init();
        return c;
      });
      try {
        for (let round = 1; comparing() && !comparison.finished(budget); round++) {
          const points = await exclusive(() => comparison.round(budget, seed));
          const recall: { run: number; seed: number; step: number; recallAt1: number }[] = [];
          if (evalEvery > 0 && round % evalEvery === 0)
            for (let run = 0; run < entries.length; run++) {
              const e = await embed(comparison, run);
              const { recallAt1 } = retrievalMetrics(e.embeddings, e.dim, e.labels, entries[run]!.settings.distance);
              recall.push({ run, seed, step: comparison.sessions[run]!.trainer.step, recallAt1 });
            }
          post({ id: 0, type: 'compare', points, recall });
          await yieldToMessages();
        }
        if (!comparing()) break;
        for (let run = 0; run < entries.length; run++) {
          const e = await embed(comparison, run);
          // The same verification pairs for every run and seed: differences come from the networks alone.
          const held = heldOutMetrics(e.embeddings, e.dim, e.labels, entries[run]!.settings.distance, base);
          results[run]!.push({ seed, metrics: { ...held, finalLoss: comparison.finalLoss(run) }, ...comparison.usage(run) });
        }
        post({ id: 0, type: 'compareSummary', summary: summarise(entries.map((x) => x.label), results) });
      } finally {
        comparison.dispose();
      }
    }
    post({ id: 0, type: 'compareDone' });
  } catch (error) {
    post({ id: 0, type: 'compareDone', message: message(error) });
  }
}
