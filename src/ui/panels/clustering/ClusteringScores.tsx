/**
 * How good the subspaces are: k-means inertia and a sampled silhouette for every dataset, and on the synthetic set
 * how well they recover the look-alike families (purity, NMI, and the share of look-alike pairs kept together).
 * Then the way to use them: switch training to subspace batches.
 */
import type { SubspaceClustering } from '../../../state/clustering';
import { clustering } from '../../stores';
import { Toggletip } from '../../Toggletip';
import { useLab } from '../../useLab';

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const seconds = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);

export function ClusteringScores({ result }: { result: SubspaceClustering }) {
  const sampler = useLab((s) => s.config.trainer.sampler);
  const f = result.families;
  return (
    <>
      <dl className="readout cluster-readout" data-testid="cluster-scores">
        <div>
          <dt>Subspaces</dt>
          <dd>{result.k}</dd>
        </div>
        <div>
          <dt>
            Inertia
            <Toggletip about="inertia">k-means objective: sum of distances to the subspace centre (cosine: 1 − cos).</Toggletip>
          </dt>
          <dd>{result.inertia.toFixed(2)}</dd>
        </div>
        <div>
          <dt>
            Silhouette
            <Toggletip about="the silhouette">Mean silhouette of up to 300 sampled identities, in [−1, 1]: higher means tighter, better separated subspaces.</Toggletip>
          </dt>
          <dd>{result.silhouette === null ? '–' : result.silhouette.toFixed(3)}</dd>
        </div>
        {f && (
          <>
            <div>
              <dt>
                Look-alikes together
                <Toggletip about="look-alikes together">Share of look-alike pairs (same synthetic family) that share a subspace; chance: a random split with the same sizes.</Toggletip>
              </dt>
              <dd data-testid="cluster-together">
                {pct(f.pairs.together)} <span className="cluster-chance">chance {pct(f.pairs.chance)}</span>
              </dd>
            </div>
            <div>
              <dt>
                Family purity
                <Toggletip about="family purity">Share of identities whose subspace’s most common family is their own (low when a subspace holds several families).</Toggletip>
              </dt>
              <dd>{f.purity.toFixed(3)}</dd>
            </div>
            <div>
              <dt>
                Family NMI
                <Toggletip about="family NMI">Normalised mutual information between subspaces and families, in [0, 1].</Toggletip>
              </dt>
              <dd>{f.nmi.toFixed(3)}</dd>
            </div>
          </>
        )}
      </dl>
      <p className="hint">
        {result.identities} identities embedded {result.representation === 'pretrained' ? 'by the pretrained ResNet-34' : `at step ${result.step}`} in {seconds(result.embedMs)}; k-means ({result.metric}) {result.iterations} iterations
        {result.converged ? '' : ' (not converged)'} in {seconds(result.kmeansMs)}.
      </p>
      <div className="cluster-use">
        {sampler === 'subspace' ? (
          <p>
            <strong>Training draws subspace batches.</strong> Each batch's P identities come from one subspace.
          </p>
        ) : (
          <>
            <p>
              <strong>Batches: Subspace</strong> is now available in Model &amp; loss.
            </p>
            <div className="controls">
              <button onClick={() => void clustering.trainWithSubspaces()} data-testid="cluster-use-subspaces">
                Train with subspace batches
              </button>
            </div>
          </>
        )}
      </div>
    </>
  );
}
