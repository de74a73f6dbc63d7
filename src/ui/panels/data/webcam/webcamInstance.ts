/** The page's webcam capture: the real camera, the import's workers for the stored form, the dataset editor. */
import { datasetEditor } from '../../../../state/datasetEditor';
import { prepareStored } from '../../../../state/probeForm';
import { createWebcamCapture } from '../../../../state/webcamCapture';

export const webcam = createWebcamCapture({
  getUserMedia: navigator.mediaDevices?.getUserMedia ? (c) => navigator.mediaDevices.getUserMedia(c) : undefined,
  prepare: prepareStored,
  editor: datasetEditor,
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  newId: () => crypto.randomUUID(),
});
