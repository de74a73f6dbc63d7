import { useEffect } from 'react';
import { datasetLibrary } from '../../state/datasets';
import { useLab } from '../useLab';
import { Panel } from '../Panel';
import { useHidden } from '../useHidden';
import { DatasetList } from './data/DatasetList';
import { DatasetView } from './data/DatasetView';
import { ImportForm } from './data/ImportForm';
import { ImportProgressView } from './data/ImportProgressView';
import { LibraryMessages, StorageLine } from './data/LibraryStatus';
import { SyntheticChoice } from './data/SyntheticChoice';
import { useDatasets } from './data/useDatasets';
import { WebcamCapture } from './data/webcam/WebcamCapture';

/**
 * Training data: the built-in synthetic faces (settings and a preview) or a dataset imported from a folder of
 * faces (one sub-folder per identity), kept in the browser. Import, its report, the stored datasets and a view of one.
 */
export function DataPanel() {
  useEffect(() => {
    void datasetLibrary.start();
  }, []);
  const dataset = useLab((s) => s.config.dataset);
  const hideData = useHidden('data');
  const syntheticActive = useDatasets((s) => s.activeId === null);
  const synthetic =
    dataset.kind === 'synthetic'
      ? `${dataset.settings.identities.toLocaleString('en-US')} identities × ${dataset.settings.imagesPerIdentity} images`
      : 'generated from a seed';
  return (
    <Panel id="data" title="Data">
      <LibraryMessages />
      <h3>Training data</h3>
      <DatasetList syntheticSummary={synthetic} />
      {!hideData && (
        <>
          <details className="data-section" open={syntheticActive}>
            <summary>Synthetic faces: settings and preview</summary>
            <SyntheticChoice />
          </details>
          <h3>Import your own faces</h3>
          <ImportForm />
          <ImportProgressView />
          <details className="data-section">
            <summary>From the camera</summary>
            <WebcamCapture />
          </details>
        </>
      )}
      <DatasetView />
      <StorageLine />
    </Panel>
  );
}
