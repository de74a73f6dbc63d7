/** One metric of every configuration against the step: the mean over seeds as a line, their range as a band. */
import { useEffect, useRef } from 'react';
import type { CompareRun } from '../../../state/compare';
import { baseLayout, loadPlotly, PLOT_CONFIG } from '../../charts/plotly';
import { useThemeKey } from '../../theme';
import { COMPARE_COLORS, translucent } from './colors';
import { meanWithBand } from './seriesBySeed';

export type CompareMetric = 'loss' | 'activeFraction' | 'hardShare' | 'recallAt1';

export function CompareChart({ runs, metric, title }: { runs: CompareRun[]; metric: CompareMetric; title: string }) {
  const div = useRef<HTMLDivElement>(null);
  const theme = useThemeKey();
  useEffect(() => {
    let alive = true;
    void loadPlotly().then((Plotly) => {
      if (!alive || !div.current) return;
      const data = runs.flatMap((run, i) => {
        const color = COMPARE_COLORS[i % COMPARE_COLORS.length]!;
        const series = meanWithBand(
          metric === 'recallAt1'
            ? run.recall.map((r) => ({ step: r.step, seed: r.seed, value: r.recallAt1 }))
            : run.points.map((p) => ({ step: p.step, seed: p.seed, value: p[metric] })),
        );
        const x = series.map((s) => s.step);
        const band = series.some((s) => s.seeds > 1);
        return [
          ...(band
            ? [
                { type: 'scatter' as const, mode: 'lines' as const, x, y: series.map((s) => s.high), line: { width: 0, color }, hoverinfo: 'skip' as const, showlegend: false },
                { type: 'scatter' as const, mode: 'lines' as const, x, y: series.map((s) => s.low), line: { width: 0, color }, fill: 'tonexty' as const, fillcolor: translucent(color, 0.18), hoverinfo: 'skip' as const, showlegend: false },
              ]
            : []),
          {
            type: 'scatter' as const,
            mode: metric === 'recallAt1' ? ('lines+markers' as const) : ('lines' as const),
            name: run.label,
            x,
            y: series.map((s) => s.mean),
            line: { color },
            meta: 'mean',
          },
        ];
      });
      void Plotly.react(div.current, data, { ...baseLayout(title), xaxis: { title: { text: 'step' } } }, PLOT_CONFIG);
    });
    return () => {
      alive = false;
    };
  }, [runs, metric, title, theme]);
  return <div ref={div} className="chart" data-testid={`compare-${metric}`} />;
}
