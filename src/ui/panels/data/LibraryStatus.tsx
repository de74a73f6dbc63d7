import { datasetLibrary } from '../../../state/datasets';
import { useDatasets } from './useDatasets';

const size = (bytes: number): string =>
  bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GB`
    : `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** The library's error and warning banners (each dismissable). */
export function LibraryMessages() {
  const error = useDatasets((s) => s.error);
  const notice = useDatasets((s) => s.notice);
  if (!error && !notice) return null;
  return (
    <div className="data-messages">
      {error && (
        <p className="banner banner-error" role="alert" data-testid="data-error">
          {error}{' '}
          <button type="button" className="link" onClick={() => datasetLibrary.dismiss()}>
            dismiss
          </button>
        </p>
      )}
      {notice && (
        <p className="banner" role="status" data-testid="data-notice">
          {notice}{' '}
          <button type="button" className="link" onClick={() => datasetLibrary.dismiss()}>
            dismiss
          </button>
        </p>
      )}
    </div>
  );
}

/** "12 MB of 40 GB used · kept when space runs low": how much room is left and whether the browser may evict it. */
export function StorageLine() {
  const storage = useDatasets((s) => s.storage);
  if (!storage) return null;
  const persisted =
    storage.persisted === true
      ? 'kept when disk space runs low'
      : storage.persisted === false
        ? 'the browser may clear it when disk space runs low (it asks to keep it at the first import)'
        : '';
  return (
    <p className="hint data-storage" data-testid="data-storage">
      Browser storage: {size(storage.usage)} of {size(storage.quota)} used{persisted && ` · ${persisted}`}.
    </p>
  );
}
