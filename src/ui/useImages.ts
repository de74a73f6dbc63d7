import { useEffect, useState } from 'react';
import { imagesFor, type ImageLookup } from '../state/datasetImages';
import type { DatasetChoice } from '../train/datasetSource';

/** The current dataset's image pixels for thumbnails; null while an imported dataset loads. */
export function useImages(choice: DatasetChoice): ImageLookup | null {
  const [lookup, setLookup] = useState<ImageLookup | null>(null);
  useEffect(() => {
    let alive = true;
    setLookup(null);
    void imagesFor(choice).then((l) => alive && setLookup(l));
    return () => {
      alive = false;
    };
  }, [choice]);
  return lookup;
}
