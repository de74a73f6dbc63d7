/**
 * The pretrained ResNet-34 was trained on eye-aligned face chips: on a set imported without alignment its features
 * score about as well as raw pixels. Says so where the backbone is chosen, and offers the aligned re-import (the
 * user picks the folder again: an import keeps only its stored crops).
 */
import { datasetLibrary } from '../../state/datasets';
import { showWorkspace } from '../../state/workspace';
import type { DatasetChoice } from '../../train/datasetSource';
import { useDatasets } from './data/useDatasets';

export function PretrainedDataWarning({ dataset }: { dataset: DatasetChoice }) {
  const meta = useDatasets((s) => (dataset.kind === 'stored' ? s.datasets.find((d) => d.id === dataset.id) ?? null : null));
  if (dataset.kind === 'stored' && meta?.aligned) return null;
  if (dataset.kind !== 'stored')
    return (
      <p className="warning" role="note" data-testid="pretrained-warning">
        {dataset.kind === 'mnist' ? 'MNIST digits are' : 'The synthetic faces are drawings, and'} not eye-aligned photos of faces, which is what
        the pretrained ResNet-34 was trained on: expect little from its features here. Import a face folder with “Align faces” to see it work.
      </p>
    );
  const name = meta?.name ?? dataset.name;
  return (
    <p className="warning" role="note" data-testid="pretrained-warning">
      “{name}” was imported without face alignment. The pretrained ResNet-34 expects eye-aligned face crops; on unaligned
      crops its features score about as well as raw pixels (on a 40-identity face set: mAP@R 0.64 unaligned, 0.99 aligned).{' '}
      <button
        type="button"
        data-testid="pretrained-reimport"
        onClick={() => {
          datasetLibrary.requestImport({
            alignFaces: true,
            name: `${name} (aligned)`,
            reason: `Pick the folder of “${name}” again to import it face-aligned for the pretrained ResNet-34 (an import keeps only its stored crops, not the original photos).`,
          });
          showWorkspace('data');
        }}
      >
        Re-import aligned…
      </button>
    </p>
  );
}
