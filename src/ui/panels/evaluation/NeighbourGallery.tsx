/**
 * Nearest neighbours of one validation face among all the others: the query, then its k = 8 nearest with their
 * distances; a neighbour of another identity gets a red border and "✗ other identity" (never colour alone).
 * Pick the query from the strip (one face per identity), from the embedding map, or with the arrow keys.
 */
import { useEffect, useMemo, useState } from 'react';
import { createSyntheticFaces } from '../../../data/synthetic/syntheticFaces';
import type { EvaluationRecord } from '../../../state/evaluation';
import { evaluation } from '../../stores';
import { rankNeighbours } from '../../../evaluation';
import type { ImageEmbeddings } from '../../../train/identityEmbedding';
import { Thumb } from '../../Thumb';
import { fixed } from './format';
import { useIdentityNames } from '../../useIdentityNames';
import { yieldToEventLoop } from '../../../common/schedule';

export const GALLERY_K = 8;

/** Drawn faces by row, one map per evaluation's embeddings (garbage-collected with them). */
const FACES = new WeakMap<ImageEmbeddings, Map<number, Uint8Array>>();
function facesOf(e: ImageEmbeddings): Map<number, Uint8Array> {
  let map = FACES.get(e);
  if (!map) FACES.set(e, (map = new Map()));
  return map;
}
const THUMB_PX = 72;

export function NeighbourGallery({ record, selected }: { record: EvaluationRecord; selected: number }) {
  const { embeddings: e, result } = record;
  const faces = useMemo(() => (record.dataset.kind === 'synthetic' ? createSyntheticFaces(record.dataset.settings) : null), [record.dataset]);
  const neighbours = useMemo(() => {
    const { order, distances } = rankNeighbours(e.embeddings, e.dim, selected, result.distance);
    return Array.from(order.subarray(0, GALLERY_K), (row) => ({ row, distance: distances[row] as number }));
  }, [e, selected, result.distance]);
  // First row of each identity, in row order, for the strip.
  const strip = useMemo(() => {
    const rows: number[] = [];
    for (let i = 0; i < e.labels.length; i++) if (i === 0 || e.labels[i] !== e.labels[i - 1]) rows.push(i);
    return rows;
  }, [e]);
  const identity = e.labels[selected] as number;
  const identityName = useIdentityNames(record.dataset);
  const r = result.perQuery.relevant[selected] as number;
  const hits = neighbours.filter((n) => e.labels[n.row] === identity).length;
  // Faces cost ~1 ms each to draw: render them once per evaluation, query and neighbours first, in slices of
  // ≤ 12 ms between tasks, so neither a new evaluation nor a training step's re-render makes a long task.
  const cache = facesOf(e);
  const [, setDrawn] = useState(0);
  const wanted = useMemo(() => [selected, ...neighbours.map((n) => n.row), ...strip], [selected, neighbours, strip]);
  useEffect(() => {
    if (!faces) return;
    let alive = true;
    void (async () => {
      let start = performance.now();
      for (const row of wanted) {
        if (!alive) return;
        if (cache.has(row)) continue;
        cache.set(row, faces.render(e.images[row] as number));
        if (performance.now() - start > 12) {
          setDrawn((v) => v + 1);
          await yieldToEventLoop();
          start = performance.now();
        }
      }
      if (alive) setDrawn((v) => v + 1);
    })();
    return () => {
      alive = false;
    };
  }, [faces, e, cache, wanted]);
  const face = (row: number, px: number, label: string) => {
    const pixels = cache.get(row);
    return faces && pixels ? (
      <Thumb pixels={pixels} size={faces.spec.width} channels={faces.spec.channels} label={label} scale={px / faces.spec.width} />
    ) : (
      <span className="eval-noface" style={{ width: px, height: px }} role="img" aria-label={label} />
    );
  };

  return (
    <div
      className="eval-gallery"
      data-testid="eval-gallery"
      tabIndex={0}
      aria-label="Neighbour gallery: left and right arrow keys change the query"
      onKeyDown={(ev) => {
        if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
          ev.preventDefault();
          evaluation.selectQuery(selected + (ev.key === 'ArrowRight' ? 1 : -1));
        }
      }}
    >
      <div className="eval-strip" role="listbox" aria-label="Pick a query face (one per identity)">
        {strip.map((row) => (
          <button
            key={row}
            type="button"
            role="option"
            aria-selected={e.labels[row] === identity}
            className={`eval-strip-item${e.labels[row] === identity ? ' eval-strip-active' : ''}`}
            onClick={() => evaluation.selectQuery(row)}
          >
            {face(row, 40, identityName(e.labels[row] as number))}
          </button>
        ))}
      </div>
      <div className="eval-query-nav">
        <button type="button" onClick={() => evaluation.selectQuery(selected - 1)} aria-label="previous query">
          ◀
        </button>
        <span>
          query image {selected + 1} of {e.labels.length} · {identityName(identity)} · {hits} of {GALLERY_K} nearest share it (R = {r})
        </span>
        <button type="button" onClick={() => evaluation.selectQuery(selected + 1)} aria-label="next query">
          ▶
        </button>
      </div>
      <ol className="eval-neighbours">
        <li className="eval-neighbour eval-query">
          {face(selected, THUMB_PX, `query: ${identityName(identity)}`)}
          <span className="eval-caption">query</span>
        </li>
        {neighbours.map((n, rank) => {
          const same = e.labels[n.row] === identity;
          return (
            <li key={n.row} className={`eval-neighbour ${same ? 'eval-same' : 'eval-other'}`} data-same={same}>
              {face(n.row, THUMB_PX, `neighbour ${rank + 1}: ${identityName(e.labels[n.row] as number)}`)}
              <span className="eval-caption">
                #{rank + 1} · d = {fixed(n.distance)}
              </span>
              <span className="eval-verdict">{same ? '✓ same identity' : '✗ other identity'}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
