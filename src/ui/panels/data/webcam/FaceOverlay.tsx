/**
 * The detected face over the live camera frame: its box and the two eye centres the alignment puts level, drawn on
 * a canvas the frame's size laid over the <video> (mirrored with it), so a person sees what the aligner found.
 */
import { useEffect, useRef } from 'react';
import type { Prepared } from '../../../../state/probeForm';

type Face = NonNullable<Prepared['face']>;

export function FaceOverlay({ face }: { face: Face | undefined }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    if (!face) {
      g.clearRect(0, 0, c.width, c.height);
      return;
    }
    c.width = face.frameWidth; // resizing clears the canvas
    c.height = face.frameHeight;
    const line = Math.max(2, face.frameWidth / 200);
    g.lineWidth = line;
    g.strokeStyle = '#22d3ee';
    const { box, eyes } = face;
    g.strokeRect(box.x, box.y, box.width, box.height);
    g.fillStyle = '#f472b6';
    for (const p of [eyes.left, eyes.right]) {
      g.beginPath();
      g.arc(p.x, p.y, 2 * line, 0, 2 * Math.PI);
      g.fill();
    }
    g.beginPath();
    g.moveTo(eyes.left.x, eyes.left.y);
    g.lineTo(eyes.right.x, eyes.right.y);
    g.stroke();
  }, [face]);
  const b = face?.box;
  return (
    <canvas
      ref={canvas}
      className="webcam-overlay"
      aria-hidden="true"
      data-testid="webcam-face-box"
      data-box={b ? [b.x, b.y, b.width, b.height].map((v) => v.toFixed(1)).join(',') : ''}
      data-frame={face ? `${face.frameWidth}x${face.frameHeight}` : ''}
    />
  );
}
