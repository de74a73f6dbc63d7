/**
 * What went wrong when the camera would not start, worded for the user. getUserMedia rejects with a DOMException
 * whose name says why (W3C Media Capture and Streams, §9.2); older Chromium names are mapped too.
 */
import { errorText } from '../common/errorText';

export type CameraProblem = 'refused' | 'noCamera' | 'busy' | 'insecure' | 'other';

export const CAMERA_MESSAGES: Record<Exclude<CameraProblem, 'other'>, string> = {
  refused:
    'Camera access was refused. Allow the camera for this site (the camera icon in the address bar, or the site settings), then press Start camera again.',
  noCamera: 'No camera was found. Connect or enable a camera, then press Start camera again.',
  busy: 'The camera is in use by another application or browser tab (or the system blocked it). Close it there, then press Start camera again.',
  insecure: 'This page cannot use a camera: browsers allow cameras only on https:// or localhost pages.',
};

export function cameraProblem(e: unknown): CameraProblem {
  const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'refused';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'noCamera';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'other';
  }
}

export function describeCameraError(e: unknown): string {
  const problem = cameraProblem(e);
  return problem === 'other' ? `The camera could not start: ${errorText(e)}.` : CAMERA_MESSAGES[problem];
}
