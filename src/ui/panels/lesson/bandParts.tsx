/**
 * Pieces of the margin band's drawing: a marker of a given shape, the draggable margin handle (a WAI-ARIA slider),
 * and the container width the SVG is drawn at (pixels, so text stays at its size on a narrow panel).
 */
import { useCallback, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { MarkerShape } from '../../censusPalette';
import { marginAfterKey, marginFromX, roundMargin, toX, type BandScale } from './bandScale';

/** Layout of the drawing, in pixels: top of the band and the axis; sizes that follow the chart type size. */
export interface Geometry {
  top: number;
  axis: number;
  pad: number;
  /** Baseline of the labels above the band. */
  label: number;
  /** Room the handle's label needs to sit right of the handle. */
  labelWidth: number;
  /** Marker radius. */
  r: number;
  /** Text and lines drawn in the text colour. */
  ink: string;
}

/** The width of the element `ref` is attached to, following resizes (ResizeObserver). */
export function useWidth<T extends HTMLElement>(fallback = 600): [number, (el: T | null) => void] {
  const [width, setWidth] = useState(fallback);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measure = () => setWidth(Math.max(Math.floor(el.clientWidth), 200));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    observer.current = new ResizeObserver(measure);
    observer.current.observe(el);
  }, []);
  return [width, ref];
}

function shapePath(shape: MarkerShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'triangle':
      return `M${x},${y - r * 1.15}L${x + r},${y + r * 0.75}L${x - r},${y + r * 0.75}Z`;
    case 'diamond':
      return `M${x},${y - r * 1.2}L${x + r},${y}L${x},${y + r * 1.2}L${x - r},${y}Z`;
    case 'square':
      return `M${x - r * 0.85},${y - r * 0.85}h${r * 1.7}v${r * 1.7}h${-r * 1.7}Z`;
    case 'circle':
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
  }
}

export interface BandMarkerProps {
  shape: MarkerShape;
  x: number;
  y: number;
  color: string;
  filled: boolean;
  title: string;
  /** Radius (default 5) and the page colour an open marker is filled with. */
  r?: number;
  paper?: string;
  /** data-* attributes for tests. */
  data: Record<`data-${string}`, string | number>;
}

export function BandMarker({ shape, x, y, color, filled, title, data, r = 5, paper = '#fff' }: BandMarkerProps) {
  return (
    <path
      d={shapePath(shape, x, y, r)}
      fill={filled ? color : paper}
      stroke={filled ? paper : color}
      strokeWidth={filled ? 0.8 : 1.8}
      {...data}
    >
      <title>{title}</title>
    </path>
  );
}

export interface BandHandleProps {
  scale: BandScale;
  geometry: Geometry;
  apDist: number;
  margin: number;
  maxMargin: number;
  onMargin: (margin: number) => void;
  /** True when a drag starts, false when it ends: the caller holds the axis still meanwhile. */
  onDrag: (dragging: boolean) => void;
}

/** The band's right edge, d(a,p) + m: drag it, or focus it and use the arrow keys (Shift: ×10). */
export function BandHandle({ scale, geometry, apDist, margin, maxMargin, onMargin, onDrag }: BandHandleProps) {
  const [focused, setFocused] = useState(false);
  const hx = toX(apDist + margin, scale);
  const set = (m: number) => {
    if (m !== margin) onMargin(m);
  };
  const follow = (e: ReactPointerEvent<SVGGElement>) => {
    const box = e.currentTarget.ownerSVGElement?.getBoundingClientRect();
    if (!box) return;
    const px = Math.min(Math.max(e.clientX - box.left, scale.pad), scale.width - scale.pad);
    set(marginFromX(px, apDist, scale, maxMargin));
  };
  const end = () => onDrag(false);
  const labelRight = hx < scale.width - geometry.labelWidth;
  return (
    <g
      role="slider"
      tabIndex={0}
      aria-label="margin m (the band's right edge, d(a,p) + m)"
      aria-orientation="horizontal"
      aria-valuemin={0}
      aria-valuemax={maxMargin}
      aria-valuenow={roundMargin(margin)}
      aria-valuetext={`m = ${margin.toFixed(2)}`}
      data-testid="band-handle"
      style={{ cursor: 'ew-resize', touchAction: 'none', outline: 'none' }}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onKeyDown={(e) => {
        const m = marginAfterKey(margin, e.key, e.shiftKey, maxMargin);
        if (m === null) return;
        e.preventDefault();
        set(m);
      }}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        e.currentTarget.focus();
        onDrag(true);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) follow(e);
      }}
      onPointerUp={end}
      onPointerCancel={end}
      onLostPointerCapture={end}
    >
      <rect x={hx - 11} y={0} width={22} height={geometry.axis} fill="transparent" />
      <line x1={hx} x2={hx} y1={geometry.top} y2={geometry.axis} stroke={geometry.ink} strokeWidth={2} />
      <rect
        x={hx - 6}
        y={2}
        width={12}
        height={geometry.top - 2}
        rx={3}
        fill={geometry.ink}
        stroke={focused ? '#0072B2' : 'none'}
        strokeWidth={3}
      />
      <text x={labelRight ? hx + 10 : hx - 10} y={geometry.label} textAnchor={labelRight ? 'start' : 'end'}>
        d(a,p) + m
      </text>
    </g>
  );
}
