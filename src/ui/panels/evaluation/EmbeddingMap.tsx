/**
 * The validation embeddings projected on their first two principal components (PCA by power iteration), one colour
 * per identity; clicking a point opens it in the neighbour gallery. Tight same-coloured clumps = a good embedding.
 */
import { useEffect, useRef } from 'react';
import type { PlotlyHTMLElement } from 'plotly.js';
import { selectQuery, type EvaluationRecord } from '../../../state/evaluation';
import { baseLayout, loadPlotly, PLOT_CONFIG } from '../../charts/plotly';
import { nextTask } from './schedule';
import { identityColour } from './format';

export function EmbeddingMap({ record, selected }: { record: EvaluationRecord; selected: number }) {
  const div = useRef<HTMLDivElement>(null);
  const { pca } = record.result;
  const { labels } = record.embeddings;
  useEffect(() => {
    let alive = true;
    void loadPlotly().then(async (Plotly) => {
      await nextTask();
      if (!alive || !div.current) return;
      const slots = new Map<number, number>();
      for (const l of labels) if (!slots.has(l)) slots.set(l, slots.size);
      const n = labels.length;
      const x = Array.from({ length: n }, (_, i) => pca.points[i * 2] as number);
      const y = Array.from({ length: n }, (_, i) => pca.points[i * 2 + 1] as number);
      const plot = (await Plotly.react(
        div.current,
        [
          {
            type: 'scatter',
            mode: 'markers',
            name: 'images',
            x,
            y,
            customdata: Array.from({ length: n }, (_, i) => i),
            text: Array.from(labels, (l) => `identity ${l}`),
            hovertemplate: '%{text}<extra></extra>',
            marker: { color: Array.from(labels, (l) => identityColour(slots.get(l) as number)), size: 8, opacity: 0.85 },
          },
          {
            type: 'scatter',
            mode: 'markers',
            name: 'query',
            x: [x[selected] as number],
            y: [y[selected] as number],
            hoverinfo: 'skip',
            marker: { color: 'rgba(0,0,0,0)', size: 18, line: { color: '#1b1f24', width: 3 } },
          },
        ],
        {
          ...baseLayout(`PCA of the embeddings (${(100 * pca.explained).toFixed(0)}% of variance)`, { height: 340 }),
          showlegend: false,
          xaxis: { title: { text: 'PC 1' }, zeroline: false },
          yaxis: { title: { text: 'PC 2' }, zeroline: false, scaleanchor: 'x' },
          hovermode: 'closest',
        },
        PLOT_CONFIG,
      )) as PlotlyHTMLElement;
      plot.removeAllListeners?.('plotly_click');
      plot.on('plotly_click', (event) => {
        const row = event.points[0]?.customdata;
        if (typeof row === 'number') selectQuery(row);
      });
    });
    return () => {
      alive = false;
    };
  }, [pca, labels, selected]);
  return <div ref={div} className="chart eval-chart" data-testid="eval-map" />;
}
