/**
 * Seed 000's claim made visible: on the same network, subspace batches hold more hard and semi-hard triplets than
 * P×K batches drawn from all identities. 20 batches of each, embedded in the training worker.
 */
import { clustering } from '../../stores';
import { useClustering } from './useClustering';

const BATCHES = 20;
const LABEL = { pk: 'P×K (all identities)', subspace: 'Subspace (one subspace)' } as const;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function BatchComparison({ ready }: { ready: boolean }) {
  const comparing = useClustering((s) => s.comparing);
  const comparison = useClustering((s) => s.comparison);
  return (
    <div className="cluster-compare">
      <h3>Are subspace batches harder?</h3>
      <div className="controls">
        <button onClick={() => void clustering.compareBatches(BATCHES)} disabled={!ready || comparing} data-testid="cluster-compare">
          {comparing ? 'Comparing…' : 'Compare batches'}
        </button>
      </div>
      {comparison && (
        <table className="cluster-table" data-testid="cluster-comparison">
          <caption>
            Triplets of {comparison.results[0]?.batches ?? BATCHES} batches of each kind, network at step {comparison.step}
          </caption>
          <thead>
            <tr>
              <th scope="col">Batches</th>
              <th scope="col">Hard</th>
              <th scope="col">Semi-hard</th>
              <th scope="col">Triplets</th>
            </tr>
          </thead>
          <tbody>
            {comparison.results.map((r) => (
              <tr key={r.sampler} data-sampler={r.sampler}>
                <th scope="row">{LABEL[r.sampler]}</th>
                <td className="cluster-hard">{pct(r.hardShare)}</td>
                <td className="cluster-semi">{pct(r.semiHardShare)}</td>
                <td>{r.census.total.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
