/** Recall@1 and mAP@R of every evaluation of this run against the training step: is the embedding still improving? */
import { useEffect, useRef } from 'react';
import type { EvaluationSummary } from '../../../state/evaluation';
import { chartTheme, scaled } from '../../charts/chartTheme';
import { baseLayout, loadPlotly, PLOT_CONFIG } from '../../charts/plotly';
import { useThemeKey } from '../../theme';
import { yieldToEventLoop } from '../../../common/schedule';
import { fixed, percent } from './format';

const ROWS = 6;

export function RecallHistory({ history }: { history: EvaluationSummary[] }) {
  const div = useRef<HTMLDivElement>(null);
  const theme = useThemeKey();
  useEffect(() => {
    let alive = true;
    void loadPlotly().then(async (Plotly) => {
      await yieldToEventLoop();
      if (!alive || !div.current) return;
      const steps = history.map((h) => h.step);
      const t = chartTheme();
      void Plotly.react(
        div.current,
        [
          { type: 'scatter', mode: 'lines+markers', name: 'Recall@1', x: steps, y: history.map((h) => h.recallAt1), line: { color: t.positive, width: 3 } },
          { type: 'scatter', mode: 'lines+markers', name: 'mAP@R', x: steps, y: history.map((h) => h.mapAtR), line: { color: '#3a9d5d', width: 2, dash: 'dash' } },
        ],
        {
          ...baseLayout('Over the evaluations of this run', { height: 240 }, t),
          legend: { orientation: 'v', x: 1.02, y: 1 },
          margin: { l: scaled(t, 50), r: scaled(t, 100), t: scaled(t, 30), b: scaled(t, 45) },
          xaxis: { title: { text: 'training step' }, tickformat: 'd' },
          yaxis: { range: [0, 1.02] },
        },
        PLOT_CONFIG,
      );
    });
    return () => {
      alive = false;
    };
  }, [history, theme]);
  return (
    <div className="eval-history">
      <div ref={div} className="chart" data-testid="eval-history" />
      <table className="eval-table">
        <thead>
          <tr>
            <th>step</th>
            <th>Recall@1</th>
            <th>Recall@5</th>
            <th>mAP@R</th>
            <th>AUC</th>
            <th>EER</th>
            <th>NMI</th>
          </tr>
        </thead>
        <tbody>
          {history
            .slice(-ROWS)
            .reverse()
            .map((h) => (
              <tr key={h.step}>
                <td>{h.step}</td>
                <td>{percent(h.recallAt1)}</td>
                <td>{percent(h.recallAt5)}</td>
                <td>{fixed(h.mapAtR)}</td>
                <td>{fixed(h.auc)}</td>
                <td>{percent(h.eer)}</td>
                <td>{fixed(h.nmi)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
