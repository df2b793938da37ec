/**
 * Turns getUserMedia failures into a state and a sentence a visitor can act on.
 * Pure, so every branch is tested in Node.
 */
export type MediaState =
  'idle' | 'starting' | 'live' | 'paused' | 'denied' | 'unavailable' | 'ended' | 'error';

export interface MediaProblem {
  state: MediaState;
  message: string;
}

export function describeMediaError(error: unknown, device: 'camera' | 'microphone'): MediaProblem {
  const name =
    error instanceof Error || (typeof error === 'object' && error && 'name' in error)
      ? String((error as { name: unknown }).name)
      : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        state: 'denied',
        message: `Access to the ${device} was denied. Allow it in the browser's site settings, then try again.`,
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { state: 'unavailable', message: `No ${device} matching the request was found.` };
    case 'NotReadableError':
    case 'AbortError':
      return {
        state: 'unavailable',
        message: `The ${device} is in use by another application or could not be started.`,
      };
    default:
      return {
        state: 'error',
        message: `The ${device} could not be started: ${error instanceof Error ? error.message : String(error)}`,
      };
  }
}

export function mediaUnsupported(device: 'camera' | 'microphone'): MediaProblem {
  return {
    state: 'unavailable',
    message: `This browser gives no ${device} access here (a secure https:// page is needed).`,
  };
}
