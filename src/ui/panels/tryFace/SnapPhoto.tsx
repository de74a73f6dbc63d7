/** "Snap": one photo from the camera for try-a-face (the camera stops once the photo is taken). */
import { useEffect, useRef, useState } from 'react';
import { describeCameraError } from '../../../data/cameraErrors';

export function SnapPhoto({ onPhoto }: { onPhoto: (photo: Blob) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, [stream]);
  const start = async () => {
    setError(null);
    try {
      if (!navigator.mediaDevices?.getUserMedia)
        throw Object.assign(new Error('no camera API'), { name: 'NotFoundError' });
      setStream(await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false }));
    } catch (e) {
      setError(describeCameraError(e));
    }
  };
  const snap = () => {
    const v = video.current;
    if (!v || v.videoWidth === 0) return setError('The camera has not delivered a frame yet: try again in a moment.');
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    canvas.toBlob((b) => {
      if (b) onPhoto(b);
      setStream(null);
    }, 'image/png');
  };
  return (
    <div className="try-snap">
      {stream ? (
        <>
          <video ref={video} autoPlay playsInline muted className="webcam-video" data-testid="try-snap-video" />
          <button type="button" onClick={snap} data-testid="try-snap-take">
            Take the photo
          </button>
          <button type="button" className="link" onClick={() => setStream(null)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void start()} data-testid="try-snap">
          Snap from the camera
        </button>
      )}
      {error && (
        <p className="eval-error" role="alert" data-testid="try-snap-error">
          {error}
        </p>
      )}
    </div>
  );
}
