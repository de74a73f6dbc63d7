import { describe, expect, it } from 'vitest';
import { CAMERA_MESSAGES, cameraProblem, describeCameraError } from './cameraErrors';

const domError = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('camera errors', () => {
  it.each([
    ['NotAllowedError', 'refused'],
    ['SecurityError', 'refused'],
    ['NotFoundError', 'noCamera'],
    ['OverconstrainedError', 'noCamera'],
    ['NotReadableError', 'busy'],
    ['TrackStartError', 'busy'],
    ['TypeError', 'other'],
  ] as const)('%s is %s', (name, problem) => {
    expect(cameraProblem(domError(name))).toBe(problem);
  });

  it('words each problem for the user', () => {
    expect(describeCameraError(domError('NotAllowedError'))).toBe(CAMERA_MESSAGES.refused);
    expect(describeCameraError(domError('NotFoundError'))).toContain('No camera was found');
    expect(describeCameraError(domError('NotReadableError'))).toContain('in use by another application or browser tab');
    expect(describeCameraError(domError('TypeError', 'bad constraints'))).toBe(
      'The camera could not start: bad constraints.',
    );
  });
});
