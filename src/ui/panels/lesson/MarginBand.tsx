/**
 * The margin band: one anchor of the last batch on a number line of distances, its positives and
 * its negatives coloured by class against one positive, the band [d(a,p), d(a,p) + m) shaded, and a handle at
 * d(a,p) + m that drags the margin. Classes are recomputed here in float64 from the batch's embeddings on every
 * margin change, so they follow the handle at once, also while training is paused (no worker round-trip).
 */
import { useMemo, useState } from 'react';
import { anchorDistances, classifyLine, defaultAnchor, hardestPositive } from '../../../metric/anchorLine';
import type { DistanceName } from '../../../metric/distance';
import { embeddingRows, type StepReport } from '../../../train/stepReport';
import { useChartTheme, type ChartTheme } from '../../charts/chartTheme';
import { BandHandle, BandMarker, useWidth, type Geometry } from './bandParts';
import { bandMax, stackLanes, ticks, toX } from './bandScale';
import { CENSUS_COLORS, CENSUS_LABELS, CENSUS_SHAPES, POSITIVE_COLOR } from '../../censusPalette';
import { MarginBandLegend } from './MarginBandLegend';
import { useLab } from '../../useLab';
import { useIdentityNames } from '../../useIdentityNames';

export interface MarginBandProps {
  /** The last batch (its embeddings, labels and the margin it trained with). */
  report: Pick<StepReport, 'step' | 'embeddings' | 'dim' | 'labels' | 'stats'>;
  /** The margin in force; the band and the classes follow it. */
  margin: number;
  /** The distance the loss measures with (a loss's fixed distance, where it has one). */
  distance: DistanceName;
  /** Called live while the handle is dragged or moved by keys, with the margin in hundredths. */
  onMargin: (margin: number) => void;
  /** The handle's upper bound (the lab's margin slider goes to 2). */
  maxMargin?: number;
}

const LANES = 4;

/** The drawing's layout, laid out for 12 px type and scaled with the theme's (large in presentation mode). */
function bandLayout(theme: ChartTheme) {
  const f = theme.fontSize;
  const k = f / 12;
  const top = f + 8;
  const positiveY = top + 14 * k;
  const negativeBase = positiveY + 62 * k;
  const axis = negativeBase + 12 * k;
  const g: Geometry = { top, axis, pad: 22, label: f + 2, labelWidth: 7.5 * f, r: 5 * k, ink: theme.ink };
  return { g, k, positiveY, negativeBase, lane: 13 * k, tickLabel: axis + f + 6, height: axis + f + 20 };
}
const fmt = (d: number) => (Math.abs(d) < 10 ? d.toFixed(3) : d.toPrecision(4));

export function MarginBand({ report, margin, distance, onMargin, maxMargin = 2 }: MarginBandProps) {
  const rows = useMemo(() => embeddingRows(report), [report]);
  const labels = useMemo(() => Array.from(report.labels), [report]);
  const identityName = useIdentityNames(useLab((s) => s.config.dataset));
  const batchMargin = report.stats.margin;
  // Chosen once per batch, with the margin the batch trained with: dragging must not make the anchor jump.
  const auto = useMemo(() => defaultAnchor(rows, labels, batchMargin, distance), [rows, labels, batchMargin, distance]);
  const anchors = useMemo(
    () => labels.flatMap((y, a) => (labels.some((z, j) => j !== a && z === y) ? [a] : [])),
    [labels],
  );
  const [picked, setPicked] = useState<{ anchor: number | null; positive: number | null }>({
    anchor: null,
    positive: null,
  });
  const anchor = picked.anchor !== null && anchors.includes(picked.anchor) ? picked.anchor : auto;
  const distances = useMemo(
    () => (anchor >= 0 ? anchorDistances(rows, labels, anchor, distance) : null),
    [rows, labels, anchor, distance],
  );
  const line = useMemo(
    () => distances && classifyLine(distances, margin, picked.positive ?? undefined),
    [distances, margin, picked.positive],
  );
  const [width, ref] = useWidth<HTMLDivElement>();
  const [dragMax, setDragMax] = useState<number | null>(null);
  const theme = useChartTheme();
  const { g: G, k, positiveY, negativeBase, lane, tickLabel, height } = bandLayout(theme);

  if (!line) {
    return (
      <p className="hint" data-testid="margin-band-empty">
        This batch has no positive pair, so no anchor has a triplet to show (a random sampler does this).
      </p>
    );
  }
  const all = [...line.positives, ...line.negatives].map((p) => p.distance);
  const scale = { max: dragMax ?? bandMax(all, line.apDist, margin), width, pad: G.pad };
  const x = (d: number) => toX(d, scale);
  const hardest = hardestPositive(line);
  const lanes = stackLanes(
    line.negatives.map((n) => x(n.distance)),
    9 * k,
    LANES,
  );
  const step = (by: number) => {
    const i = anchors.indexOf(anchor);
    setPicked({ anchor: anchors[(i + by + anchors.length) % anchors.length] ?? anchor, positive: null });
  };

  return (
    <div className="margin-band">
      <div
        className="controls"
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', alignItems: 'center', fontSize: '0.8125rem' }}
      >
        <button type="button" onClick={() => step(-1)} aria-label="previous anchor">
          ◀
        </button>
        <span data-testid="band-anchor" data-value={anchor}>
          anchor #{anchor} ({identityName(labels[anchor] as number)})
        </span>
        <button type="button" onClick={() => step(1)} aria-label="next anchor">
          ▶
        </button>
        <label>
          positive{' '}
          <select
            value={line.positive}
            onChange={(e) => setPicked({ anchor, positive: Number(e.target.value) })}
            data-testid="band-positive-select"
          >
            {line.positives.map((p) => (
              <option key={p.index} value={p.index}>
                #{p.index}, d = {fmt(p.distance)}
                {p.index === hardest ? ' (hardest, as batch hard)' : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div ref={ref} style={{ width: '100%' }}>
        <svg
          width={width}
          height={height}
          role="group"
          aria-label={`Distances from anchor ${anchor}: positives, negatives by class, and the margin band`}
          data-testid="margin-band"
          data-step={report.step}
          data-anchor={anchor}
          data-positive={line.positive}
          data-ap={line.apDist}
          data-margin={margin}
          data-distance={distance}
          fill={theme.ink}
          style={{ display: 'block', fontSize: theme.fontSize, userSelect: 'none' }}
        >
          <rect
            x={x(line.apDist)}
            y={G.top}
            width={x(line.apDist + margin) - x(line.apDist)}
            height={G.axis - G.top}
            fill={CENSUS_COLORS.semiHard}
            opacity={0.18}
            data-testid="band-rect"
          />
          <line x1={x(line.apDist)} x2={x(line.apDist)} y1={G.top} y2={G.axis} stroke={G.ink} strokeDasharray="3 3" />
          <text x={x(line.apDist) - 4} y={G.label} textAnchor="end">
            d(a,p)
          </text>
          <line x1={G.pad} x2={width - G.pad} y1={G.axis} y2={G.axis} stroke={G.ink} />
          {ticks(scale.max).map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={G.axis} y2={G.axis + 4} stroke={G.ink} />
              <text x={x(t)} y={tickLabel} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
          <circle cx={x(0)} cy={G.axis} r={G.r} fill={G.ink} data-testid="band-anchor-marker">
            <title>{`anchor #${anchor}`}</title>
          </circle>
          {line.positives.map((p) => (
            <BandMarker
              key={`p${p.index}`}
              shape="square"
              x={x(p.distance)}
              y={positiveY}
              r={G.r}
              paper={theme.background}
              color={POSITIVE_COLOR}
              filled={p.index === line.positive}
              title={`positive #${p.index}, d(a,p) = ${fmt(p.distance)}${p.index === line.positive ? ' (shown)' : ''}`}
              data={{ 'data-testid': 'band-positive', 'data-index': p.index, 'data-distance': p.distance }}
            />
          ))}
          {line.negatives.map((n, i) => {
            const kind = n.kind ?? 'easy';
            return (
              <BandMarker
                key={`n${n.index}`}
                shape={CENSUS_SHAPES[kind]}
                x={x(n.distance)}
                y={negativeBase - (lanes[i] ?? 0) * lane}
                r={G.r}
                paper={theme.background}
                color={CENSUS_COLORS[kind]}
                filled
                title={`negative #${n.index} (${identityName(labels[n.index] as number)}), d(a,n) = ${fmt(n.distance)}: ${CENSUS_LABELS[kind]}`}
                data={{
                  'data-testid': 'band-negative',
                  'data-index': n.index,
                  'data-class': kind,
                  'data-distance': n.distance,
                }}
              />
            );
          })}
          <BandHandle
            scale={scale}
            geometry={G}
            apDist={line.apDist}
            margin={margin}
            maxMargin={maxMargin}
            onMargin={onMargin}
            onDrag={(dragging) => setDragMax(dragging ? scale.max : null)}
          />
        </svg>
      </div>
      <MarginBandLegend counts={line.counts} allCounts={line.allCounts} positives={line.positives.length} />
    </div>
  );
}
