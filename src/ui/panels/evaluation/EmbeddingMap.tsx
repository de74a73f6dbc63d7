/**
 * The validation embeddings in 2-D: their first two principal components (PCA by power iteration, after every
 * evaluation) or, on demand, UMAP computed in a worker. One colour per identity; clicking a point opens it in the
 * neighbour gallery. Tight same-coloured clumps = a good embedding.
 */
import { useEffect, useRef, useState } from 'react';
import { umap2d } from '../../../workers/umapClient';
import { useLab } from '../../useLab';
import type { PlotlyHTMLElement } from 'plotly.js';
import type { EvaluationRecord } from '../../../state/evaluation';
import { evaluation } from '../../stores';
import { chartTheme } from '../../charts/chartTheme';
import { baseLayout, loadPlotly, PLOT_CONFIG } from '../../charts/plotly';
import { useThemeKey } from '../../theme';
import { useIdentityNames } from '../../useIdentityNames';
import { yieldToEventLoop } from '../../../common/schedule';
import { identityColour } from './format';
import { errorText } from '../../../common/errorText';

export function EmbeddingMap({ record, selected }: { record: EvaluationRecord; selected: number }) {
  const div = useRef<HTMLDivElement>(null);
  const { pca } = record.result;
  const { labels } = record.embeddings;
  const identityName = useIdentityNames(record.dataset);
  const seed = useLab((s) => s.config.trainer.seed);
  const [umap, setUmap] = useState<{ record: EvaluationRecord; points: Float32Array } | null>(null);
  const [umapProgress, setUmapProgress] = useState<string | null>(null);
  const umapAbort = useRef<AbortController | null>(null);
  const [method, setMethod] = useState<'pca' | 'umap'>('pca');
  const showUmap = method === 'umap' && umap?.record === record;
  const points = showUmap ? umap.points : pca.points;
  const title = showUmap
    ? 'UMAP of the embeddings'
    : `PCA of the embeddings (${(100 * pca.explained).toFixed(0)}% of variance)`;
  const runUmap = async () => {
    setMethod('umap');
    if (umap?.record === record) return;
    setUmapProgress('starting…');
    try {
      const { embeddings, dim } = record.embeddings;
      umapAbort.current?.abort();
      const abort = new AbortController();
      umapAbort.current = abort;
      const result = await umap2d(
        embeddings,
        dim,
        seed,
        (epoch, epochs) => setUmapProgress(`epoch ${epoch} of ${epochs}`),
        abort.signal,
      );
      if (abort.signal.aborted) return;
      setUmap({ record, points: result });
      setUmapProgress(null);
    } catch (error) {
      if (!umapAbort.current?.signal.aborted) setUmapProgress(`UMAP failed: ${errorText(error)}`);
    }
  };
  // Leaving the panel stops a projection still running in the worker.
  useEffect(() => () => umapAbort.current?.abort(), []);
  const theme = useThemeKey();
  useEffect(() => {
    let alive = true;
    void loadPlotly().then(async (Plotly) => {
      await yieldToEventLoop();
      if (!alive || !div.current) return;
      const t = chartTheme();
      const slots = new Map<number, number>();
      for (const l of labels) if (!slots.has(l)) slots.set(l, slots.size);
      const n = labels.length;
      const x = Array.from({ length: n }, (_, i) => points[i * 2] as number);
      const y = Array.from({ length: n }, (_, i) => points[i * 2 + 1] as number);
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
            text: Array.from(labels, (l) => identityName(l)),
            hovertemplate: '%{text}<extra></extra>',
            marker: {
              color: Array.from(labels, (l) => identityColour(slots.get(l) as number)),
              size: 8,
              opacity: 0.85,
            },
          },
          {
            type: 'scatter',
            mode: 'markers',
            name: 'query',
            x: [x[selected] as number],
            y: [y[selected] as number],
            hoverinfo: 'skip',
            marker: { color: 'rgba(0,0,0,0)', size: 18, line: { color: t.ink, width: 3 } },
          },
        ],
        {
          ...baseLayout(title, { height: 340 }, t),
          showlegend: false,
          xaxis: { title: { text: showUmap ? 'UMAP 1' : 'PC 1' }, zeroline: false },
          yaxis: { title: { text: showUmap ? 'UMAP 2' : 'PC 2' }, zeroline: false, scaleanchor: 'x' },
          hovermode: 'closest',
        },
        PLOT_CONFIG,
      )) as PlotlyHTMLElement;
      plot.removeAllListeners?.('plotly_click');
      plot.on('plotly_click', (event) => {
        const row = event.points[0]?.customdata;
        if (typeof row === 'number') evaluation.selectQuery(row);
      });
    });
    return () => {
      alive = false;
    };
  }, [points, title, showUmap, labels, selected, theme, identityName]);
  return (
    <div>
      <div className="controls" role="group" aria-label="Projection">
        <button aria-pressed={method === 'pca'} onClick={() => setMethod('pca')}>
          PCA
        </button>
        <button aria-pressed={method === 'umap'} onClick={() => void runUmap()} data-testid="eval-umap">
          UMAP (in a worker)
        </button>
        {umapProgress && (
          <span className="hint" role="status">
            UMAP: {umapProgress}
          </span>
        )}
      </div>
      <div ref={div} className="chart eval-chart" data-testid="eval-map" data-projection={showUmap ? 'umap' : 'pca'} />
    </div>
  );
}
