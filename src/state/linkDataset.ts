/**
 * A link that names an imported set: the set lives in one browser's IndexedDB, so it is looked up here — by id (the
 * browser that made the link) or else by name (the same folder imported elsewhere). Found, the link trains on it;
 * not found, the link's other settings apply to the built-in synthetic faces and the user is told which set it needs.
 */
import type { DatasetChoice } from '../train/datasetSource';
import type { DatasetLibrary } from './datasets';
import type { DecodedConfig } from './urlCodec';

export interface LinkDataset {
  /** The stored set to train on, or null (the decoded dataset stands). */
  dataset: DatasetChoice | null;
  /** Why the named set is not used, for the training banner. */
  warning: string | null;
}

/** Looks the link's set up in `library` (started here if it was not yet). */
export async function resolveLinkDataset(
  storedSet: DecodedConfig['storedSet'],
  library: Pick<DatasetLibrary, 'start' | 'store'>,
): Promise<LinkDataset> {
  if (!storedSet) return { dataset: null, warning: null };
  await library.start();
  const { datasets, status } = library.store.get();
  const byName = datasets.filter((d) => d.name === storedSet.name);
  const meta = datasets.find((d) => d.id === storedSet.id) ?? (byName.length === 1 ? byName[0] : undefined);
  if (meta)
    return {
      dataset: { kind: 'stored', id: meta.id, name: meta.name, resolution: meta.spec.width, channels: meta.spec.channels },
      warning: null,
    };
  const where =
    status === 'unavailable'
      ? 'this browser’s storage is not available'
      : byName.length > 1
        ? `this browser has ${byName.length} imported sets of that name and cannot tell which one`
        : 'this browser has no imported set of that name';
  return {
    dataset: null,
    warning: `The link trains on the imported set “${storedSet.name}”, but ${where}. Import that folder in Data (or rename the right copy), then open the link again; until then its settings run on the built-in synthetic faces.`,
  };
}
