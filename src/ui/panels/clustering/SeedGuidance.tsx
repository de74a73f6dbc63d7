/** Seed 000 in a few lines: why cluster identities, and how to choose M. */
export function SeedGuidance({ identities, P }: { identities: number; P: number }) {
  return (
    <details className="cluster-guidance" open>
      <summary>Why cluster? Subspace batches (Wang, Zhang & Lan 2017, How to Train Triplet Networks with 100K Identities?)</summary>
      <p>
        With many identities, two look-alikes rarely land in the same random batch, so its negatives are easy. Represent
        each identity by the mean of its normalised embeddings, split the identities into <strong>M subspaces</strong> with
        k-means, then draw each batch's P identities from one subspace: look-alikes meet, and the negatives are hard.
      </p>
      <ul>
        <li>
          <strong>M too small:</strong> subspaces are vague, mixing faces that are not alike; mining is barely harder.
        </li>
        <li>
          <strong>M too large:</strong> few identities per subspace (one each at the extreme); mining is inefficient.
        </li>
        <li>
          A batch needs at least <strong>P = {P}</strong> identities in its subspace; aim for 2–4 × P
          {identities > 0 && ` (here M ≈ ${Math.round(identities / (4 * P))}–${Math.round(identities / (2 * P))} for ${identities} identities)`}.
          The paper clustered 100K identities into subspaces of about 10K.
        </li>
      </ul>
    </details>
  );
}
