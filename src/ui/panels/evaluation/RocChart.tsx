/**
 * The ROC of the latest evaluation (false accept rate against true accept rate as the distance threshold grows),
 * with chance, the EER point and the slider's threshold marked. Log-x would hide FAR = 0; linear axes here.
 */
import { useEffect, useRef } from 'react';
import type { RocCurve, ThresholdStats } from '../../../evaluation';
import { chartTheme } from '../../charts/chartTheme';
import { baseLayout, loadPlotly, PLOT_CONFIG } from '../../charts/plotly';
import { useThemeKey } from '../../theme';
import { yieldToEventLoop } from '../../../common/schedule';

export function RocChart({ roc, auc, eer, at }: { roc: RocCurve; auc: number; eer: number; at: ThresholdStats }) {
  const div = useRef<HTMLDivElement>(null);
  const theme = useThemeKey();
  useEffect(() => {
    let alive = true;
    void loadPlotly().then(async (Plotly) => {
      await yieldToEventLoop();
      if (!alive || !div.current) return;
      const t = chartTheme();
      void Plotly.react(
        div.current,
        [
          { type: 'scatter', mode: 'lines', name: `ROC (AUC ${auc.toFixed(3)})`, x: Array.from(roc.fpr), y: Array.from(roc.tpr), line: { color: t.positive, width: 3 } },
          { type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { color: t.muted, dash: 'dot' }, hoverinfo: 'skip' },
          { type: 'scatter', mode: 'markers', name: `EER ${(100 * eer).toFixed(1)}%`, x: [eer], y: [1 - eer], marker: { color: '#e0a526', size: 11, symbol: 'diamond' } },
          { type: 'scatter', mode: 'markers', name: 'threshold', x: [at.far], y: [at.tar], marker: { color: t.ink, size: 11, symbol: 'x' } },
        ],
        {
          ...baseLayout('ROC on held-out identities', { height: 300 }, t),
          legend: { x: 0.98, xanchor: 'right', y: 0.04, yanchor: 'bottom', bgcolor: t.background, bordercolor: t.grid, borderwidth: 1 },
          xaxis: { title: { text: 'false accept rate (FAR)' }, range: [0, 1] },
          yaxis: { title: { text: 'true accept rate (TAR)' }, range: [0, 1.02] },
        },
        PLOT_CONFIG,
      );
    });
    return () => {
      alive = false;
    };
  }, [roc, auc, eer, at.far, at.tar, theme]);
  return <div ref={div} className="chart eval-chart" data-testid="eval-roc" />;
}
