/**
 * The camera stream on a <video>, a frame grabber (the current video frame as a PNG blob) and a preview loop that
 * sends a frame through the stored form about twice a second while the camera is live and no burst runs.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredForm, WebcamState } from '../../../../state/webcamCapture';
import { webcam } from './webcamInstance';

export function useCamera(status: WebcamState['status'], form: StoredForm) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);

  const grab = useCallback(async (): Promise<Blob> => {
    const v = video.current;
    if (!v || v.videoWidth === 0) throw new Error('the camera has not delivered a frame yet');
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the frame could not be encoded'))), 'image/png'),
    );
  }, []);

  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
  }, [stream]);

  // Preview while live: one frame at a time through the worker, then a pause.
  const formKey = JSON.stringify(form);
  useEffect(() => {
    if (status !== 'live' || !stream) return;
    let alive = true;
    let timer = 0;
    const tick = async () => {
      try {
        await webcam.preview(await grab(), JSON.parse(formKey) as StoredForm);
      } catch {
        // No frame yet: try again on the next tick.
      }
      if (alive) timer = window.setTimeout(() => void tick(), 500);
    };
    void tick();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [status, stream, grab, formKey]);

  useEffect(() => () => stream?.getTracks().forEach((t) => t.stop()), [stream]);

  return {
    video,
    grab,
    async start() {
      setStream(await webcam.start());
    },
    stop() {
      webcam.stop(stream);
      setStream(null);
    },
    live: stream !== null,
  };
}
