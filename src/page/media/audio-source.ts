/**
 * Turns a dropped or fetched file into what the sound worker takes: WAV bytes
 * as they are (decoded exactly in the worker), anything else through the
 * browser's own decoder (Web Audio exists only on the page, not in workers).
 * A file neither can read is an AudioFileError naming it.
 */
import { AudioFileError, type DecodedAudio, isWav } from '../../core/audio/wav-file.js';

/** Audio file names the pickers and folder scans accept. */
export const AUDIO_FILE = /\.(wav|wave|flac|mp3|ogg|oga|opus|m4a|aac|webm)$/i;

export async function audioSource(bytes: ArrayBuffer, name: string): Promise<ArrayBuffer | DecodedAudio> {
  if (bytes.byteLength === 0) throw new AudioFileError(name, 'empty file (0 bytes)');
  if (isWav(bytes) || /\.wave?$/i.test(name)) return bytes;
  try {
    // decodeAudioData resamples to the context's rate: 48 kHz keeps what most files hold, and the features
    // analyse any rate as it is.
    const context = new OfflineAudioContext(1, 1, 48000);
    const buffer = await context.decodeAudioData(bytes.slice(0));
    return {
      sampleRate: buffer.sampleRate,
      channels: Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c)),
    };
  } catch {
    throw new AudioFileError(
      name,
      'not an audio file this browser can decode (WAV, or a format the browser plays)',
    );
  }
}

/** The buffers holding a clip's samples: moved (not copied) to the worker, which empties them here. */
export function audioBuffers(source: ArrayBuffer | DecodedAudio): ArrayBuffer[] {
  return source instanceof ArrayBuffer ? [source] : source.channels.map((c) => c.buffer as ArrayBuffer);
}
