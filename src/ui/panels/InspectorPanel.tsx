/**
 * Triplet inspector: real image triplets of the current batch (anchor, positive, negative) with d_ap, d_an and the
 * triplet's class, the hardest few and an example of each class, marked with whether the chosen miner picked them.
 * "Freeze this batch" pins one batch for explaining in class while training goes on.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { inspectBatch, type InspectedTriplet } from '../../metric/inspect';
import { LOSSES } from '../../metric/catalog';
import { lab } from '../stores';
import { Panel } from '../Panel';
import { embeddingRows, type StepReport } from '../../train/stepReport';
import { Thumb } from '../Thumb';
import { QueuedThumb } from '../QueuedThumb';
import { useImages } from '../useImages';
import { useIdentityNames } from '../useIdentityNames';
import { useInView } from '../useInView';
import { useLab, useLabThrottled } from '../useLab';

const CLASS_LABEL = { hard: 'hard', semiHard: 'semi-hard', easy: 'easy' } as const;

function pickExamples(triplets: InspectedTriplet[]): InspectedTriplet[] {
  const byViolation = [...triplets].sort((a, b) => b.apDist - b.anDist - (a.apDist - a.anDist));
  const hardest = byViolation.slice(0, 3);
  const examples = (['semiHard', 'easy'] as const)
    .map((k) => byViolation.find((t) => t.kind === k))
    .filter((t): t is InspectedTriplet => t !== undefined);
  return [...hardest, ...examples.filter((e) => !hardest.includes(e))];
}

/**
 * The augmented views the step trained on, for the shown triplets' images: the worker redraws them from the run's
 * seed and the step (the draws are a pure function of both), so nothing extra is read back during training.
 */
function useTrainedViews(batch: StepReport | null, shown: InspectedTriplet[], seed: number) {
  const [views, setViews] = useState<{ key: string; size: number; channels: 1 | 3; byPosition: Map<number, Uint8Array> } | null>(null);
  const positions = [...new Set(shown.flatMap((t) => [t.anchor, t.positive, t.negative]))];
  const key = batch?.augmentation ? `${batch.step}:${positions.join(',')}` : '';
  useEffect(() => {
    const worker = lab.worker();
    if (!batch?.augmentation || !worker || positions.length === 0) return;
    let live = true;
    worker
      .augmentViews({ augmentation: batch.augmentation, seed, step: batch.step - 1, indices: batch.indices, positions })
      .then(({ images, size, channels }) => {
        if (!live) return;
        const bytes = size * size * channels;
        const byPosition = new Map(positions.map((p, i) => [p, images.subarray(i * bytes, (i + 1) * bytes)]));
        setViews({ key, size, channels, byPosition });
      })
      .catch(() => {
        // The stored images stand in when the worker cannot redraw (e.g. it is being rebuilt).
      });
    return () => {
      live = false;
    };
    // `key` names the batch and positions; the arrays themselves change identity on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, seed]);
  return views && views.key === key ? views : null;
}

export function InspectorPanel({ compact = false }: { compact?: boolean }) {
  const side = compact ? 40 : 64;
  const config = useLab((s) => s.config);
  const identityName = useIdentityNames(config.dataset);
  // Thumbnails and the O(B³) listing follow training once a second, not every step, and only while on screen:
  // scrolled away, the panel keeps the batch it showed last.
  const last = useLabThrottled((s) => s.training.last, 1000);
  const frozen = useLab((s) => s.training.frozen);
  const view = useRef<HTMLDivElement>(null);
  const inView = useInView(view);
  const [seen, setSeen] = useState(last);
  if (seen !== last && (inView || last === null)) setSeen(last);
  const batch = frozen ?? seen;
  const images = useImages(config.dataset);
  const distance = LOSSES[config.trainer.loss].fixedDistance ?? config.trainer.distance;
  const shown = useMemo(() => {
    if (!batch) return [];
    const examples = pickExamples(
      inspectBatch(embeddingRows(batch), Array.from(batch.labels), batch.stats.margin, distance, LOSSES[config.trainer.loss].inspector),
    );
    // Compact (the lesson view): the hardest triplet and one of each other class.
    return compact ? [examples[0], ...examples.slice(3)].filter((t): t is InspectedTriplet => t !== undefined).slice(0, 3) : examples;
  }, [batch, distance, config.trainer.loss, compact]);
  const views = useTrainedViews(batch, shown, config.trainer.seed);
  const thumb = (position: number, role: string) => {
    const image = batch!.indices[position] as number;
    const view = views?.byPosition.get(position);
    if (view && views)
      return (
        <Thumb
          pixels={view}
          size={views.size}
          channels={views.channels}
          scale={side / views.size}
          label={`${role}: ${identityName(batch!.labels[position] as number)}, as trained (augmented)`}
        />
      );
    if (!images) return <span className="thumb-placeholder" />;
    return (
      <QueuedThumb
        images={images}
        image={image}
        label={`${role}: ${identityName(batch!.labels[position] as number)}`}
        scale={side / images.size}
      />
    );
  };
  return (
    <Panel id="inspector" title="Triplet inspector">
      <div className="controls">
        <button onClick={() => lab.freeze(!frozen)} disabled={!last} aria-pressed={frozen !== null}>
          {frozen ? `Unfreeze (showing step ${frozen.step})` : 'Freeze this batch'}
        </button>
      </div>
      <div ref={view}>
        {!batch && <p className="hint">Train a step to see this batch's triplets.</p>}
        {batch?.augmentation && (
          <p className="hint" data-testid="inspector-augmented">
            Images as this step trained on them: the augmented views, redrawn from the run’s seed and step {batch.step}.
          </p>
        )}
        <ul className="triplets">
          {shown.map((t) => (
            <li key={`${t.anchor}-${t.positive}-${t.negative}`} className={`triplet triplet-${t.kind}`}>
              <div className="triplet-images">
                {thumb(t.anchor, 'anchor')}
                {thumb(t.positive, 'positive')}
                {thumb(t.negative, 'negative')}
              </div>
              <div className="triplet-facts">
                <strong>{CLASS_LABEL[t.kind]}</strong> · d(a,p) = {t.apDist.toFixed(3)} · d(a,n) = {t.anDist.toFixed(3)}
                {t.picked !== null && <span> · {t.picked ? 'picked by the miner' : 'not picked'}</span>}
              </div>
            </li>
          ))}
        </ul>
      </div>
    </Panel>
  );
}
