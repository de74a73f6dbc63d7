import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the element is on screen (any part of it in the viewport). Views that follow training use it to skip
 * work nobody sees: a chart or a batch listing scrolled away costs the training worker's core nothing.
 * True until the first observation, so a view draws once when it mounts.
 */
export function useInView(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => setInView(entry?.isIntersecting ?? true));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return inView;
}
