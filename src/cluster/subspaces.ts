/**
 * Pure helpers behind the Clustering panel (seed 000, subspace learning): the default number of subspaces, the
 * identity → subspace table the training worker takes, subspace sizes and members, and how well subspaces keep
 * look-alike families together. Plain arrays in, plain data out; no tfjs, no DOM.
 */

/**
 * Seed 000's guidance turned into a default M: a subspace must hold at least P identities for one batch, and a few
 * batches' worth keeps it from being drawn over and over, so aim for 2 × P identities per subspace.
 * @returns M in [2, identities] (identities ≥ 2)
 */
export function defaultSubspaceCount(identities: number, P: number): number {
  return Math.max(2, Math.min(identities, Math.round(identities / (2 * Math.max(1, P)))));
}

/** M for a run: the user's choice (null: the default), kept in [2, identities]. */
export function subspaceCount(identities: number, P: number, chosen: number | null): number {
  return Math.max(2, Math.min(Math.max(identities, 2), chosen ?? defaultSubspaceCount(identities, P)));
}

/**
 * The table `setSubspaces` takes: indexed by identity id, −1 for identities that were not clustered.
 * @param ids [n] identity ids in row order; `assignments` [n] their subspaces
 * @param length table length (at least max id + 1)
 */
export function subspaceTable(ids: ArrayLike<number>, assignments: ArrayLike<number>, length: number): Int32Array {
  const table = new Int32Array(length).fill(-1);
  for (let i = 0; i < ids.length; i++) table[ids[i] as number] = assignments[i] as number;
  return table;
}

/** Identities per subspace, indexed by subspace id in [0, k). */
export function subspaceSizes(assignments: ArrayLike<number>, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < assignments.length; i++) sizes[assignments[i] as number]! += 1;
  return sizes;
}

export interface Subspace {
  id: number;
  /** Identity ids, grouped by family (when known) so look-alikes sit side by side, then by id. */
  members: number[];
  /** Distinct families among the members (null when families are unknown). */
  families: number | null;
}

/** Subspaces largest first (ties: lower id first), each with its members. */
export function subspaceMembers(ids: ArrayLike<number>, assignments: ArrayLike<number>, k: number, families: ArrayLike<number> | null): Subspace[] {
  const rows: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < ids.length; i++) rows[assignments[i] as number]!.push(i);
  return rows
    .map((rowIdx, id) => {
      const order = families ? [...rowIdx].sort((a, b) => (families[a] as number) - (families[b] as number) || (ids[a] as number) - (ids[b] as number)) : [...rowIdx].sort((a, b) => (ids[a] as number) - (ids[b] as number));
      return {
        id,
        members: order.map((i) => ids[i] as number),
        families: families ? new Set(rowIdx.map((i) => families[i] as number)).size : null,
      };
    })
    .sort((a, b) => b.members.length - a.members.length || a.id - b.id);
}

export interface LookAlikePairs {
  /** Pairs of identities from the same family. */
  pairs: number;
  /** Share of those pairs placed in one subspace (1 when there are none). */
  together: number;
  /** The share a random assignment with the same subspace sizes would give: Σ s(s − 1) / (n(n − 1)). */
  chance: number;
}

/**
 * The seed's point in one number: look-alikes (same family) must meet in a subspace to meet in a batch.
 * @param families [n] family of each row; `assignments` [n] its subspace
 */
export function lookAlikePairs(families: ArrayLike<number>, assignments: ArrayLike<number>): LookAlikePairs {
  const n = families.length;
  const byFamily = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const f = families[i] as number;
    const rows = byFamily.get(f);
    if (rows) rows.push(i);
    else byFamily.set(f, [i]);
  }
  let pairs = 0;
  let together = 0;
  for (const rows of byFamily.values()) {
    for (let a = 0; a < rows.length; a++) {
      for (let b = a + 1; b < rows.length; b++) {
        pairs++;
        if (assignments[rows[a] as number] === assignments[rows[b] as number]) together++;
      }
    }
  }
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) sizes.set(assignments[i] as number, (sizes.get(assignments[i] as number) ?? 0) + 1);
  let same = 0;
  for (const s of sizes.values()) same += s * (s - 1);
  return { pairs, together: pairs === 0 ? 1 : together / pairs, chance: n < 2 ? 1 : same / (n * (n - 1)) };
}
