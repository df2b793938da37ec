/** State and message bookkeeping shared by the camera and microphone controllers. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MediaProblem, MediaState } from '../../core/media/media-errors.js';

export abstract class MediaStateController implements ReactiveController {
  state: MediaState = 'idle';
  message = '';

  constructor(protected readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Every media controller releases its device when the host leaves the page. */
  abstract hostDisconnected(): void;

  protected report(problem: MediaProblem): void {
    this.set(problem.state, problem.message);
  }

  protected set(state: MediaState, message: string): void {
    this.state = state;
    this.message = message;
    this.host.requestUpdate();
  }
}
