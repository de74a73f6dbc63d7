/**
 * "Explain this step" (GAN Lab's step-by-step idea for triplet loss): one real training step walked in six stages,
 * each computed from that step's report: batch → distances → census → miner's selection → loss and gradient →
 * update. A modal dialog with Back / Next (and ← / →); it opens when an explained step lands.
 */
import { useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import { LOSSES } from '../../metric/catalog';
import { defaultAnchor } from '../../metric/anchorLine';
import { distanceMatrix } from '../../metric/distanceMatrix';
import { embeddingRows } from '../../train/stepReport';
import { useImages } from '../useImages';
import { useLab } from '../useLab';
import { BatchStage } from './BatchStage';
import { CensusStage } from './CensusStage';
import { DistanceStage } from './DistanceStage';
import { GradientStage } from './GradientStage';
import { SelectionStage } from './SelectionStage';
import type { StageProps } from './stage';
import { UpdateStage } from './UpdateStage';

const STAGES: { id: string; title: string; View: ComponentType<StageProps> }[] = [
  { id: 'batch', title: 'The batch', View: BatchStage },
  { id: 'distances', title: 'Distances', View: DistanceStage },
  { id: 'census', title: 'Census', View: CensusStage },
  { id: 'selection', title: 'Miner’s selection', View: SelectionStage },
  { id: 'gradient', title: 'Loss and gradient', View: GradientStage },
  { id: 'update', title: 'The update', View: UpdateStage },
];

export function StepThrough() {
  const explained = useLab((s) => s.training.explained);
  const config = useLab((s) => s.config);
  const images = useImages(config.dataset);
  const dialog = useRef<HTMLDialogElement>(null);
  const [stage, setStage] = useState(0);
  const [picked, setPicked] = useState<{ step: number; anchor: number } | null>(null);
  const loss = config.trainer.loss;
  const distance = LOSSES[loss].fixedDistance ?? config.trainer.distance;
  const data = useMemo(() => {
    if (!explained?.explanation) return null;
    const rows = embeddingRows(explained);
    const labels = Array.from(explained.labels);
    return { rows, labels, matrix: distanceMatrix(rows, distance), anchor: defaultAnchor(rows, labels, explained.stats.margin, distance) };
  }, [explained, distance]);

  // A newly explained step opens the walk at its first stage.
  useEffect(() => {
    if (!explained?.explanation || !dialog.current) return;
    setStage(0);
    if (!dialog.current.open) dialog.current.showModal();
  }, [explained]);

  if (!explained?.explanation || !data) return <dialog ref={dialog} className="step-through" aria-label="Explain this step" />;
  const report = { ...explained, explanation: explained.explanation };
  const anchor = picked?.step === explained.step ? picked.anchor : Math.max(0, data.anchor);
  const { View, title } = STAGES[stage]!;
  const go = (to: number) => setStage(Math.min(STAGES.length - 1, Math.max(0, to)));
  return (
    <dialog
      ref={dialog}
      className="step-through"
      aria-labelledby="step-through-title"
      data-testid="step-through"
      data-stage={STAGES[stage]!.id}
      onKeyDown={(e) => {
        // Arrows move between stages unless a control that uses them has focus.
        if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || (e.target as HTMLElement).getAttribute?.('role') === 'slider') return;
        if (e.key === 'ArrowRight') go(stage + 1);
        else if (e.key === 'ArrowLeft') go(stage - 1);
      }}
    >
      <header className="step-through-head">
        <h2 id="step-through-title">
          Step {explained.step}, stage {stage + 1} of {STAGES.length}: {title}
        </h2>
        <button onClick={() => dialog.current?.close()} aria-label="Close the step-through">
          ✕
        </button>
      </header>
      <ol className="step-through-stages">
        {STAGES.map((s, i) => (
          <li key={s.id}>
            <button className="link" aria-current={i === stage ? 'step' : undefined} onClick={() => go(i)}>
              {i + 1}. {s.title}
            </button>
          </li>
        ))}
      </ol>
      <section className="step-through-body">
        <View
          report={report}
          rows={data.rows}
          labels={data.labels}
          matrix={data.matrix}
          distance={distance}
          loss={loss}
          anchor={anchor}
          setAnchor={(a) => setPicked({ step: explained.step, anchor: a })}
          images={images}
        />
      </section>
      <footer className="step-through-nav">
        <button onClick={() => go(stage - 1)} disabled={stage === 0} data-testid="st-back">
          ← Back
        </button>
        <button onClick={() => go(stage + 1)} disabled={stage === STAGES.length - 1} data-testid="st-next">
          Next →
        </button>
      </footer>
    </dialog>
  );
}
