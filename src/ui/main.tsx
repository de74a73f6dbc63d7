import './prestart';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { datasetLibrary } from '../state/datasets';
import { clustering, compare, evaluation, lab } from './stores';
import { installTestHook } from '../testHook';
import { installTheme } from './theme';
import { deferPlotlyUntil } from './charts/plotly';
import { drawShare } from './drawBudget';
import './styles.css';

installTheme();
// window.__lab and window.__labFaults, before the lab starts (e2e specs wait on the hook from page load).
installTestHook({
  lab,
  datasets: datasetLibrary,
  clustering: clustering.store,
  evaluation: evaluation.store,
  compare: compare.store,
  drawShare,
});
// Plotly (1 MB to parse on the page) waits until Play is ready: on a 2-core machine it would slow the worker's start.
deferPlotlyUntil(lab.start());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
