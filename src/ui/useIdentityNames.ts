import { useEffect, useState } from 'react';
import type { IdentityNamer } from '../data/identityNames';
import { numberedIdentity } from '../data/identityNames';
import { identityNamer } from '../state/datasetImages';
import type { DatasetChoice } from '../train/datasetSource';

/** The identity names of `choice` (folder names of an imported dataset); numbers until they are loaded. */
export function useIdentityNames(choice: DatasetChoice): IdentityNamer {
  const [namer, setNamer] = useState<{ choice: DatasetChoice; name: IdentityNamer } | null>(null);
  useEffect(() => {
    let alive = true;
    void identityNamer(choice)
      .then((name) => alive && setNamer({ choice, name }))
      .catch(() => undefined); // the names are a nicety: numbers stay when the dataset cannot be read
    return () => {
      alive = false;
    };
  }, [choice]);
  return namer?.choice === choice ? namer.name : numberedIdentity;
}
