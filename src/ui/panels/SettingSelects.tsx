/**
 * The selects that appear in more than one place: the loss and the sampler (Model & loss, the lesson view) and the
 * test-time augmentation (Evaluate, the Projector export). Each applies its change through the caller.
 */
import { TEST_TIME_AUGMENTATIONS, type TestTimeAugmentation } from '../../data/augmentation';
import { LOSSES, LOSS_IDS, type LossId } from '../../metric/catalog';
import type { TrainerSettings } from '../../train/settings';

/** The batch samplers offered in the Model & loss panel and the lesson view. */
const SAMPLERS: { id: TrainerSettings['sampler']; label: string }[] = [
  { id: 'pk', label: 'P×K (Hermans)' },
  { id: 'facenet', label: 'FaceNet (P×K + random others)' },
  { id: 'random', label: 'Random images' },
  { id: 'subspace', label: 'Subspace (run Clustering first)' },
];

interface SelectProps<T> {
  id?: string;
  testId?: string;
  value: T;
  disabled?: boolean;
  onChange: (value: T) => void;
}

export function LossSelect({ id, value, disabled, onChange }: SelectProps<LossId>) {
  return (
    <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as LossId)}>
      {LOSS_IDS.map((loss) => (
        <option key={loss} value={loss}>
          {LOSSES[loss].label}
        </option>
      ))}
    </select>
  );
}

export function SamplerSelect({ id, value, disabled, onChange }: SelectProps<TrainerSettings['sampler']>) {
  return (
    <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as TrainerSettings['sampler'])}>
      {SAMPLERS.map((s) => (
        <option key={s.id} value={s.id}>
          {s.label}
        </option>
      ))}
    </select>
  );
}

export function TtaSelect({ id, testId, value, disabled, onChange }: SelectProps<TestTimeAugmentation>) {
  return (
    <select id={id} data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as TestTimeAugmentation)}>
      {TEST_TIME_AUGMENTATIONS.map((m) => (
        <option key={m.id} value={m.id}>
          {m.label}
        </option>
      ))}
    </select>
  );
}
