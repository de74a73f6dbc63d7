import { useEffect, useRef } from 'react';
import type { SyntheticFaces } from '../../../data/synthetic/syntheticFaces';
import { drawFaceLater } from './faceQueue';

/** One identity's first image, drawn when the face queue reaches it (`data-drawn` is set then). */
export function FaceThumb({ faces, identity, label, px }: { faces: SyntheticFaces; identity: number; label: string; px: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    delete c.dataset.drawn;
    return drawFaceLater(faces, identity, c);
  }, [faces, identity]);
  const size = faces.spec.width;
  return <canvas ref={canvas} width={size} height={size} className="thumb cluster-face-canvas" style={{ width: px, height: px }} role="img" aria-label={label} />;
}
