/**
 * Shared camera handling for every element: constraints, a muted inline
 * <video>, denied permission, a track that ends (unplugged), and pausing while
 * the tab is hidden. A Lit ReactiveController: the host re-renders on change.
 * The camera starts only once allowed: the visitor's click (remembered for the
 * session) or the host's `autostart` (a kiosk whose browser grants it by policy).
 */
import type { ReactiveControllerHost } from 'lit';
import { type MediaProblem, describeMediaError, mediaUnsupported } from '../../core/media/media-errors.js';
import { cameraConsented, rememberCameraConsent } from './camera-consent.js';
import { MediaStateController } from './media-state-controller.js';

export interface CameraOptions {
  facingMode?: 'user' | 'environment';
  deviceId?: string;
  width?: number;
  height?: number;
  /** Stop delivering frames while the tab is hidden (default true). */
  pauseWhenHidden?: boolean;
  /** Whether the host starts the camera without a click (its `autostart` attribute). */
  autostart?: () => boolean;
}

export class CameraController extends MediaStateController {
  readonly video: HTMLVideoElement;
  private stream: MediaStream | null = null;
  private readonly onVisibility = () => this.applyVisibility();

  constructor(
    host: ReactiveControllerHost,
    public options: CameraOptions = {},
  ) {
    super(host);
    this.video = document.createElement('video');
    this.video.playsInline = true;
    this.video.muted = true;
    this.video.autoplay = true;
    this.video.setAttribute('playsinline', '');
    this.video.setAttribute('muted', '');
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stop();
  }

  get live(): boolean {
    return this.state === 'live' && this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA;
  }

  /** Whether the camera may start: after the visitor's click this session, or with the host's `autostart`. */
  get allowed(): boolean {
    return Boolean(this.options.autostart?.()) || cameraConsented();
  }

  /** The visitor clicked "Start camera": remembered for the session, then the camera starts. */
  startByVisitor(): Promise<boolean> {
    rememberCameraConsent();
    return this.start();
  }

  /** Starts the camera if allowed (false, with nothing asked of the browser, if not). */
  async start(): Promise<boolean> {
    if (!this.allowed) return false;
    this.stop();
    if (!navigator.mediaDevices?.getUserMedia) return this.fail(mediaUnsupported('camera'));
    this.set('starting', 'Starting the camera…');
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: this.constraints() });
    } catch (error) {
      return this.fail(describeMediaError(error, 'camera'));
    }
    for (const track of this.stream.getVideoTracks()) track.addEventListener('ended', () => this.onEnded());
    this.video.srcObject = this.stream;
    await this.video.play().catch(() => undefined); // autoplay of a muted video is allowed; play() may still reject on abort
    this.set('live', '');
    this.applyVisibility();
    return true;
  }

  stop(): void {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.srcObject = null;
    if (this.state !== 'denied' && this.state !== 'unavailable' && this.state !== 'error')
      this.set('idle', '');
  }

  /** The current frame as an ImageBitmap, or null while not live. */
  async grabFrame(): Promise<ImageBitmap | null> {
    if (!this.live || this.video.videoWidth === 0) return null;
    return createImageBitmap(this.video);
  }

  private constraints(): MediaTrackConstraints {
    const { facingMode = 'user', deviceId, width = 640, height = 480 } = this.options;
    return deviceId
      ? { deviceId: { exact: deviceId }, width: { ideal: width }, height: { ideal: height } }
      : { facingMode, width: { ideal: width }, height: { ideal: height } };
  }

  private applyVisibility(): void {
    if (this.options.pauseWhenHidden === false || !this.stream) return;
    const hidden = document.visibilityState === 'hidden';
    this.stream.getVideoTracks().forEach((t) => (t.enabled = !hidden));
    if (hidden && this.state === 'live') this.set('paused', 'Paused while the page is hidden.');
    else if (!hidden && this.state === 'paused') this.set('live', '');
  }

  private onEnded(): void {
    this.stream = null;
    this.set('ended', 'The camera stopped (unplugged or taken by another app).');
  }

  private fail(problem: MediaProblem): false {
    this.report(problem);
    return false;
  }
}
