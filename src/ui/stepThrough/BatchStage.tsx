/** Stage 1: the P×K batch as images, one row per identity, the followed anchor outlined. */
import { identityOrder } from '../../metric/distanceMatrix';
import { QueuedThumb } from '../QueuedThumb';
import type { StageProps } from './stage';
import { numberedIdentity } from '../../data/identityNames';

export function BatchStage({ report, labels, anchor, setAnchor, images }: StageProps) {
  const byIdentity = new Map<number, number[]>();
  for (const position of identityOrder(labels)) byIdentity.set(labels[position] as number, [...(byIdentity.get(labels[position] as number) ?? []), position]);
  const sizes = [...byIdentity.values()].map((p) => p.length);
  const K = Math.max(...sizes);
  const name = images?.identityName ?? numberedIdentity;
  return (
    <div>
      <p>
        The sampler drew <strong>P = {byIdentity.size}</strong> identities and <strong>K = {K}</strong> images of each:
        a batch of <strong>B = {labels.length}</strong> images{report.augmentation ? ' (the stored images; the step trained on augmented views of them)' : ''}.
        One row per identity. Pick the anchor to follow through the step.
      </p>
      <div className="st-batch" data-testid="st-batch">
        {[...byIdentity].map(([identity, positions]) => (
          <div key={identity} className="st-batch-row">
            <span className="st-batch-label">{name(identity)}</span>
            {positions.map((position) => (
              <button
                key={position}
                className={`st-batch-image${position === anchor ? ' st-anchor' : ''}`}
                onClick={() => setAnchor(position)}
                aria-pressed={position === anchor}
                aria-label={`image ${position}, ${name(identity)}${position === anchor ? ' (the anchor)' : ''}`}
              >
                {images ? (
                  <QueuedThumb images={images} image={report.indices[position] as number} label={name(identity)} scale={40 / images.size} />
                ) : (
                  <span className="thumb-placeholder" />
                )}
              </button>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
