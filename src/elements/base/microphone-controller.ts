/**
 * Shared microphone handling: getUserMedia without voice processing (it would
 * distort machine sounds), an AudioWorklet that streams raw blocks straight to
 * a MessagePort (the sound worker), and the same error states as the camera.
 */
import type { ReactiveControllerHost } from 'lit';
import workletUrl from '../../page/media/audio-capture.worklet.ts?worker&url';
import { type MediaProblem, describeMediaError, mediaUnsupported } from '../../core/media/media-errors.js';
import { MediaStateController } from './media-state-controller.js';

export class MicrophoneController extends MediaStateController {
  sampleRate = 0;
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;

  constructor(host: ReactiveControllerHost) {
    super(host);
  }

  hostDisconnected(): void {
    void this.stop();
  }

  /** Starts capture; returns the port that receives `{samples, sampleRate}` blocks, or null. */
  async start(): Promise<MessagePort | null> {
    await this.stop();
    if (!navigator.mediaDevices?.getUserMedia) return this.fail(mediaUnsupported('microphone'));
    this.set('starting', 'Starting the microphone…');
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    } catch (error) {
      return this.fail(describeMediaError(error, 'microphone'));
    }
    this.stream
      .getAudioTracks()
      .forEach((t) => t.addEventListener('ended', () => this.set('ended', 'The microphone stopped.')));
    this.context = new AudioContext();
    // Resolved against this module: an embedding page may serve the library from another origin.
    await this.context.audioWorklet.addModule(new URL(workletUrl, import.meta.url).href);
    const node = new AudioWorkletNode(this.context, 'audio-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
    });
    this.context.createMediaStreamSource(this.stream).connect(node);
    const channel = new MessageChannel();
    node.port.postMessage({ sink: channel.port2 }, [channel.port2]);
    await this.context.resume();
    this.sampleRate = this.context.sampleRate;
    this.set('live', '');
    return channel.port1;
  }

  async stop(): Promise<void> {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    await this.context?.close().catch(() => undefined);
    this.context = null;
    if (this.state === 'live' || this.state === 'starting') this.set('idle', '');
  }

  private fail(problem: MediaProblem): null {
    this.report(problem);
    return null;
  }
}
