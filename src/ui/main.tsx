import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { lab } from '../state/lab';
import { datasetLibrary } from '../state/datasets';
import { clusteringStore } from '../state/clusteringStore';
import { evaluationStore } from '../state/evaluation';
import { compareStore } from '../state/compare';
import { installTestHook } from '../testHook';
import { installTheme } from './theme';
import './styles.css';

installTheme();
// window.__lab and window.__labFaults, before the lab starts (e2e specs wait on the hook from page load).
installTestHook({ lab, datasets: datasetLibrary, clustering: clusteringStore, evaluation: evaluationStore, compare: compareStore });
void lab.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
