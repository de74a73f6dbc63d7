/**
 * The subspaces as rows of faces: one face per identity (its first image), look-alike families side by side, so a
 * class can see what k-means grouped. Shows the largest subspaces first, a capped number of rows and faces per row.
 */
import { useEffect, useMemo, useState } from 'react';
import type { SyntheticFaces } from '../../../data/synthetic/syntheticFaces';
import type { Subspace } from '../../../cluster/subspaces';
import { FaceThumb } from './FaceThumb';

const ROWS = 20;
const FACES_PER_ROW = 32;
const THUMB_PX = 48;
/** Rows mounted per task: a whole browser of canvases in one commit would be a long task. */
const ROWS_PER_TASK = 2;

/** Mounts `rows` a few per task; remount (a new `key`) to start again. */
function useStagedCount(total: number): number {
  const [count, setCount] = useState(Math.min(total, ROWS_PER_TASK));
  useEffect(() => {
    if (count >= total) return;
    const timer = setTimeout(() => setCount((c) => Math.min(total, c + ROWS_PER_TASK)), 0);
    return () => clearTimeout(timer);
  }, [count, total]);
  return Math.min(count, total);
}

export function SubspaceBrowser({ subspaces, faces }: { subspaces: Subspace[]; faces: SyntheticFaces }) {
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => (showAll ? subspaces : subspaces.slice(0, ROWS)), [subspaces, showAll]);
  const mounted = useStagedCount(rows.length);
  return (
    <div className="cluster-browser">
      <ol className="cluster-rows" data-testid="cluster-rows">
        {rows.slice(0, mounted).map((s) => (
          <li key={s.id} className="cluster-row" data-testid="cluster-row" data-size={s.members.length}>
            <div className="cluster-row-head">
              <strong>Subspace {s.id}</strong>
              <span>
                {s.members.length} identities{s.families !== null && ` · ${s.families} families`}
              </span>
            </div>
            <div className="cluster-faces">
              {s.members.slice(0, FACES_PER_ROW).map((id, i, shown) => {
                const family = faces.family(id);
                // A gap where the family changes: look-alikes read as groups without relying on colour.
                const starts = i > 0 && faces.family(shown[i - 1] as number) !== family;
                const label = `identity ${id}, family ${family}`;
                return (
                  <span key={id} className={`cluster-face${starts ? ' cluster-family-start' : ''}`}>
                    <FaceThumb faces={faces} identity={id} label={label} px={THUMB_PX} />
                  </span>
                );
              })}
              {s.members.length > FACES_PER_ROW && <span className="cluster-more">+{s.members.length - FACES_PER_ROW}</span>}
            </div>
          </li>
        ))}
      </ol>
      {subspaces.length > ROWS && (
        <button className="link" onClick={() => setShowAll(!showAll)} data-testid="cluster-show-all">
          {showAll ? `Show the largest ${ROWS}` : `Show all ${subspaces.length} subspaces`}
        </button>
      )}
    </div>
  );
}
