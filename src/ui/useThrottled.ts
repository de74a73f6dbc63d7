import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most every `ms`: live views (histograms, the triplet inspector) follow training without
 * redrawing for every step. The latest value always lands, at the latest `ms` after it arrived.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    if (wait <= 0) {
      last.current = performance.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      last.current = performance.now();
      setShown(latest.current);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
