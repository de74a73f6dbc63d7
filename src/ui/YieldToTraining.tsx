import { useEffect } from 'react';
import { CONTENDED_SHARE, FREE_SHARE, setDrawShare, takesEveryCore } from './drawBudget';
import { useLab } from './useLab';

/**
 * Holds the page's redraws to CONTENDED_SHARE of its main thread while training runs on every core (drawBudget.ts).
 * A component of its own that draws nothing, so a change re-renders nothing else.
 */
export function YieldToTraining(): null {
  const contended = useLab(
    (s) =>
      s.training.status === 'running' &&
      s.backend.status === 'ready' &&
      takesEveryCore(s.backend.report, globalThis.navigator?.hardwareConcurrency),
  );
  useEffect(() => setDrawShare(contended ? CONTENDED_SHARE : FREE_SHARE), [contended]);
  return null;
}
