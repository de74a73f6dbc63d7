/**
 * Subspace sizes as plain CSS bars, largest first, with P marked: a subspace smaller than P cannot fill a batch, so
 * the subspace sampler never draws from it.
 */
import type { Subspace } from '../../../cluster/subspaces';

/** More bars than this would be thinner than a pixel on a laptop. */
const MAX_BARS = 400;

export function SubspaceSizes({ subspaces, P }: { subspaces: Subspace[]; P: number }) {
  const sizes = subspaces.map((s) => s.members.length);
  const max = Math.max(P, ...sizes.slice(0, 1), 1);
  const small = sizes.filter((s) => s < P).length;
  const shown = subspaces.slice(0, MAX_BARS);
  return (
    <figure className="cluster-sizes" data-testid="cluster-sizes">
      <div className="cluster-bars" role="img" aria-label={`Subspace sizes, largest first: ${sizes.join(', ')}`}>
        <div className="cluster-p-line" style={{ bottom: `${(100 * P) / max}%` }}>
          <span>P = {P}</span>
        </div>
        {shown.map((s) => (
          <div
            key={s.id}
            className={`cluster-bar${s.members.length < P ? ' cluster-bar-small' : ''}`}
            style={{ height: `${(100 * s.members.length) / max}%` }}
            title={`Subspace ${s.id}: ${s.members.length} identities`}
          />
        ))}
      </div>
      <figcaption>
        Identities per subspace: {sizes[sizes.length - 1] ?? 0}–{sizes[0] ?? 0}
        {small > 0 ? `; ${small} below P (never drawn, their identities sit out subspace batches)` : '; every subspace can fill a batch'}
        {subspaces.length > MAX_BARS && ` (largest ${MAX_BARS} shown)`}.
      </figcaption>
    </figure>
  );
}
