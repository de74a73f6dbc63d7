/**
 * The lesson view (Train): what a class watches while the teacher presses Play and drags the margin, on one screen
 * at 1366×768 and up: run controls and the three knobs with one anchor's margin band on the left, the census in the
 * middle, the triplets and the curves on the right. Charts take their height from the window.
 */
import { useSyncExternalStore } from 'react';
import { LOSSES } from '../../metric/catalog';
import { lab } from '../stores';
import { marginAt } from '../../train/settings';
import { CensusPanel } from '../panels/CensusPanel';
import { CurvesPanel } from '../panels/CurvesPanel';
import { InspectorPanel } from '../panels/InspectorPanel';
import { LessonSettings } from '../panels/lesson/LessonSettings';
import { MarginBand } from '../panels/lesson/MarginBand';
import { TrainingPanel } from '../panels/TrainingPanel';
import { Panel } from '../Panel';
import { useLab, useLabThrottled } from '../useLab';

/** The window or the header changed size (the header wraps to two lines on narrow windows). */
const subscribeLayout = (listener: () => void) => {
  window.addEventListener('resize', listener);
  const header = document.querySelector('.app-header');
  const observer = header && typeof ResizeObserver !== 'undefined' ? new ResizeObserver(listener) : null;
  if (header) observer?.observe(header);
  return () => {
    window.removeEventListener('resize', listener);
    observer?.disconnect();
  };
};

/** The window's height below the header. */
const freeHeight = () => Math.round(window.innerHeight - (document.querySelector('.app-header')?.getBoundingClientRect().height ?? 64));

/** Chart heights that fill the window below the header: two census charts in the middle, two curves on the right. */
function useChartHeights(): { census: number; curves: number } {
  const free = useSyncExternalStore(subscribeLayout, freeHeight);
  return {
    census: Math.round(Math.min(360, Math.max(150, (free - 150) / 2))),
    curves: Math.round(Math.min(340, Math.max(140, (free - 330) / 2))),
  };
}

function BandPanel() {
  const last = useLabThrottled((s) => s.training.last, 250);
  const config = useLab((s) => s.config);
  const distance = LOSSES[config.trainer.loss].fixedDistance ?? config.trainer.distance;
  // The margin of the step the band shows (paced with it: a band redrawn on every step took a frame each).
  const margin = marginAt(config.trainer.margin, last?.step ?? 0);
  return (
    <Panel id="margin-band" title="One anchor and the margin band">
      {last ? (
        <MarginBand report={last} margin={margin} distance={distance} onMargin={(m) => lab.setMargin(m)} />
      ) : (
        <p className="hint">Step once to place one anchor’s positives and negatives on a line of distances.</p>
      )}
    </Panel>
  );
}

export function LessonView() {
  const heights = useChartHeights();
  return (
    <div className="lesson" data-testid="lesson-view">
      <div className="lesson-col">
        <TrainingPanel compact>
          <LessonSettings />
        </TrainingPanel>
        <BandPanel />
      </div>
      <div className="lesson-col">
        <CensusPanel height={heights.census} />
      </div>
      <div className="lesson-col">
        <InspectorPanel compact />
        <CurvesPanel height={heights.curves} />
      </div>
    </div>
  );
}
