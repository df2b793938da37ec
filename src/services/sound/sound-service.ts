/**
 * The sound capability in its worker (contracts/sound.ts): clips, training
 * with progress and cancellation, scores, and the microphone's audio, which
 * arrives from the AudioWorklet on a port and never passes through the page.
 */
import { transfer } from 'comlink';
import type {
  AudioStats,
  DecodedAudio,
  FeatureSettings,
  LiveScore,
  SavedSoundModel,
  SoundApi,
  SoundClipInfo,
  SoundEvaluation,
  SoundSettings,
  SoundTrainProgress,
  TrainedSoundModel,
} from '../../contracts/sound.js';
import type { ProgressCallback } from '../../contracts/runtime.js';
import { withOrderedProgress } from '../../runtime/ordered-progress.js';
import { RuntimeService } from '../../runtime/runtime-service.js';
import { AudioSink } from './audio-sink.js';
import { SoundAnalyzer } from './sound-analyzer.js';

type Clips = { normal: string[]; abnormal: string[] };

export class SoundService extends RuntimeService implements SoundApi {
  private readonly audio = new AudioSink();
  private readonly sound = new SoundAnalyzer();

  addClip(
    source: ArrayBuffer | DecodedAudio,
    name: string,
    features?: FeatureSettings,
  ): Promise<SoundClipInfo> {
    return this.sound.addClip(source, name, features);
  }

  async removeClips(ids: string[]): Promise<void> {
    this.sound.removeClips(ids);
  }

  train(
    normal: string[],
    abnormal: string[],
    settings: SoundSettings,
    onProgress?: ProgressCallback<SoundTrainProgress>,
    signal?: AbortSignal,
  ): Promise<TrainedSoundModel> {
    return withOrderedProgress(onProgress, (report) =>
      this.sound.train(normal, abnormal, settings, report, signal),
    );
  }

  evaluate(
    train: Clips,
    test: Clips,
    settings: SoundSettings,
    onProgress?: ProgressCallback<SoundTrainProgress>,
    signal?: AbortSignal,
  ): Promise<SoundEvaluation> {
    return withOrderedProgress(onProgress, (report) =>
      this.sound.evaluate(train, test, settings, report, signal),
    );
  }

  score(ids: string[]): Promise<number[]> {
    return this.sound.score(ids);
  }

  async attachAudio(port: MessagePort): Promise<void> {
    this.audio.attach(port);
  }

  async audioStats(): Promise<AudioStats> {
    return this.audio.stats();
  }

  async scoreMicrophone(): Promise<LiveScore | null> {
    const { sampleRate } = this.audio.stats();
    const needed = Math.ceil(this.sound.windowSeconds() * sampleRate);
    const samples = this.audio.latest(needed);
    return sampleRate && samples.length >= needed ? this.sound.scoreSignal(samples, sampleRate) : null;
  }

  async keepMicrophoneClip(name: string, features?: FeatureSettings): Promise<SoundClipInfo | null> {
    const { sampleRate } = this.audio.stats();
    const samples = this.audio.latest(Number.POSITIVE_INFINITY);
    if (!sampleRate || samples.length === 0) return null;
    return this.sound.addClip({ sampleRate, channels: [samples] }, name, features);
  }

  async clipFile(id: string): Promise<ArrayBuffer> {
    const bytes = this.sound.clipFile(id);
    return transfer(bytes, [bytes]);
  }

  exportModel(): Promise<SavedSoundModel> {
    return this.sound.exportModel();
  }

  importModel(saved: SavedSoundModel): Promise<TrainedSoundModel> {
    return this.sound.importModel(saved);
  }
}
