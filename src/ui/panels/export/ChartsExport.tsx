/** Every chart on the page as a PNG, through Plotly's own exporter (the same one as the camera in each chart's bar). */
import { useState } from 'react';
import { loadPlotly } from '../../charts/plotly';

/** A file name from the chart's panel and title, e.g. `census-triplet-census`. */
function chartName(element: HTMLElement, index: number): string {
  const panel = element.closest('[data-panel]')?.getAttribute('data-panel') ?? 'chart';
  const layout = (element as HTMLElement & { layout?: { title?: { text?: string } | string } }).layout;
  const title = typeof layout?.title === 'string' ? layout.title : (layout?.title?.text ?? '');
  const slug = title
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${panel}-${slug || index + 1}`;
}

export function ChartsExport() {
  const [status, setStatus] = useState<string | null>(null);
  const saveAll = async () => {
    const charts = [...document.querySelectorAll<HTMLElement>('.js-plotly-plot')];
    if (charts.length === 0) return setStatus('No chart on the page yet: train a few steps first.');
    const Plotly = await loadPlotly();
    const used = new Map<string, number>();
    for (const [i, chart] of charts.entries()) {
      let name = chartName(chart, i);
      const seen = used.get(name) ?? 0;
      used.set(name, seen + 1);
      if (seen > 0) name = `${name}-${seen + 1}`;
      await Plotly.downloadImage(chart, {
        format: 'png',
        filename: name,
        width: chart.clientWidth || 700,
        height: chart.clientHeight || 300,
      });
    }
    setStatus(`Saved ${charts.length} chart${charts.length === 1 ? '' : 's'}.`);
  };
  return (
    <div className="export-section">
      <h3>Charts</h3>
      <div className="export-row">
        <button onClick={() => void saveAll()} data-testid="charts-png">
          Save all charts as PNG
        </button>
        {status && (
          <span className="hint" role="status">
            {status}
          </span>
        )}
      </div>
      <p className="hint">Each chart's camera button saves that chart alone.</p>
    </div>
  );
}
