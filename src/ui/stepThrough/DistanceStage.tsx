/**
 * Stage 2: the distance matrix as a heat map (positions grouped by identity, so positives form the diagonal blocks)
 * and the anchor's row in numbers: its positives, then its negatives nearest first.
 */
import { useEffect, useMemo, useRef } from 'react';
import { identityOrder } from '../../metric/distanceMatrix';
import { fmt, type StageProps } from './stage';

const SIDE = 300;

/** Light to dark blue (ColorBrewer Blues): near is dark. */
function shade(t: number): string {
  const light = [247, 251, 255];
  const dark = [8, 48, 107];
  const c = light.map((l, i) => Math.round(l + (1 - t) * ((dark[i] as number) - l)));
  return `rgb(${c.join(',')})`;
}

function Heatmap({ matrix, labels, anchor, setAnchor }: Pick<StageProps, 'matrix' | 'labels' | 'anchor' | 'setAnchor'>) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const order = useMemo(() => identityOrder(labels), [labels]);
  const B = labels.length;
  const cell = Math.max(1, Math.floor(SIDE / B));
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    let max = 0;
    for (const v of matrix) max = Math.max(max, v);
    order.forEach((i, r) =>
      order.forEach((j, c) => {
        ctx.fillStyle = shade((matrix[i * B + j] as number) / (max || 1));
        ctx.fillRect(c * cell, r * cell, cell, cell);
      }),
    );
    // Same-identity blocks outlined; the anchor's row framed.
    ctx.strokeStyle = '#e69f00';
    ctx.lineWidth = 1;
    let start = 0;
    for (let r = 1; r <= B; r++)
      if (r === B || labels[order[r] as number] !== labels[order[start] as number]) {
        ctx.strokeRect(start * cell + 0.5, start * cell + 0.5, (r - start) * cell - 1, (r - start) * cell - 1);
        start = r;
      }
    const row = order.indexOf(anchor);
    ctx.strokeStyle = '#d55e00';
    ctx.lineWidth = 2;
    ctx.strokeRect(1, row * cell + 1, B * cell - 2, cell - 2);
  }, [matrix, labels, order, anchor, B, cell]);
  return (
    <canvas
      ref={canvas}
      width={B * cell}
      height={B * cell}
      className="st-heatmap"
      data-testid="st-heatmap"
      role="img"
      aria-label={`Distance matrix of the ${B} images, grouped by identity; darker is nearer. The anchor's row is framed.`}
      onClick={(e) => {
        const r = Math.floor((e.nativeEvent.offsetY / e.currentTarget.clientHeight) * B);
        const picked = order[Math.min(B - 1, Math.max(0, r))];
        if (picked !== undefined) setAnchor(picked);
      }}
    />
  );
}

export function DistanceStage(props: StageProps) {
  const { matrix, labels, anchor, distance } = props;
  const B = labels.length;
  const others = Array.from({ length: B }, (_, j) => j).filter((j) => j !== anchor);
  const byDistance = (x: number, y: number) => (matrix[anchor * B + x] as number) - (matrix[anchor * B + y] as number) || x - y;
  const positives = others.filter((j) => labels[j] === labels[anchor]).sort(byDistance);
  const negatives = others.filter((j) => labels[j] !== labels[anchor]).sort(byDistance);
  const cell = (j: number) => {
    const d = matrix[anchor * B + j] as number;
    return (
      <li key={j} data-testid="st-distance" data-j={j} data-d={d}>
        <span className="st-index">{j}</span> {fmt(d)}
      </li>
    );
  };
  return (
    <div className="st-two">
      <Heatmap {...props} />
      <div>
        <p>
          Every pair of the batch measured with the <strong>{distance}</strong> distance: {(B * (B - 1)) / 2} pairs.
          Same-identity blocks (outlined) should be dark (near), the rest light (far). Click a row to change the anchor.
        </p>
        <h4>
          d(anchor {anchor}, positive) — identity {labels[anchor]}
        </h4>
        <ol className="st-distances">{positives.map(cell)}</ol>
        <h4>d(anchor {anchor}, negative), nearest first</h4>
        <ol className="st-distances">{negatives.map(cell)}</ol>
      </div>
    </div>
  );
}
