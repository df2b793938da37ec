/**
 * RIFF/WAVE decoding without the Web Audio API (it runs in workers and Node,
 * and Web Audio resamples and mixes behind our back): PCM 8/16/24/32-bit,
 * IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE (MIMII's 8-channel files), any
 * sample rate and channel count. Errors name the file and say what is wrong.
 * Pure.
 */

export interface DecodedAudio {
  sampleRate: number;
  /** One Float32Array per channel, in -1…1. */
  channels: Float32Array[];
}

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;

interface Format {
  code: number;
  channels: number;
  sampleRate: number;
  bits: number;
}

export class AudioFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'AudioFileError';
  }
}

const tag = (view: DataView, at: number) =>
  String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));

export function isWav(bytes: ArrayBuffer): boolean {
  if (bytes.byteLength < 12) return false;
  const view = new DataView(bytes);
  return tag(view, 0) === 'RIFF' && tag(view, 8) === 'WAVE';
}

export function decodeWav(bytes: ArrayBuffer, file = 'the file'): DecodedAudio {
  if (bytes.byteLength === 0) throw new AudioFileError(file, 'empty file (0 bytes)');
  if (!isWav(bytes)) throw new AudioFileError(file, 'not a WAV file (no RIFF/WAVE header)');
  const view = new DataView(bytes);
  let format: Format | null = null;
  for (let at = 12; at + 8 <= bytes.byteLength;) {
    const id = tag(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') format = readFormat(view, body, size, file);
    if (id === 'data') {
      if (!format) throw new AudioFileError(file, 'corrupt WAV: the data chunk comes before the fmt chunk');
      if (body + size > bytes.byteLength)
        throw new AudioFileError(
          file,
          `truncated: the data chunk says ${size} bytes, the file holds ${bytes.byteLength - body}`,
        );
      return { sampleRate: format.sampleRate, channels: readSamples(view, body, size, format, file) };
    }
    at = body + size + (size % 2); // chunks are word-aligned
  }
  throw new AudioFileError(
    file,
    format ? 'truncated or corrupt WAV: no data chunk' : 'corrupt WAV: no fmt chunk',
  );
}

function readFormat(view: DataView, at: number, size: number, file: string): Format {
  if (size < 16 || at + 16 > view.byteLength)
    throw new AudioFileError(file, 'corrupt WAV: fmt chunk too short');
  let code = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const bits = view.getUint16(at + 14, true);
  // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
  if (code === EXTENSIBLE && size >= 26) code = view.getUint16(at + 24, true);
  if (code !== PCM && code !== IEEE_FLOAT)
    throw new AudioFileError(file, `unsupported WAV encoding (format ${code}); PCM and float are read`);
  if (channels < 1 || sampleRate < 1)
    throw new AudioFileError(file, `corrupt WAV: ${channels} channels at ${sampleRate} Hz`);
  const valid = code === PCM ? [8, 16, 24, 32] : [32, 64];
  if (!valid.includes(bits))
    throw new AudioFileError(
      file,
      `unsupported WAV sample size: ${bits}-bit ${code === PCM ? 'PCM' : 'float'}`,
    );
  return { code, channels, sampleRate, bits };
}

function sampleReader(view: DataView, format: Format): (at: number) => number {
  if (format.code === IEEE_FLOAT)
    return format.bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  switch (format.bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128; // 8-bit WAV is unsigned
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) =>
        (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608;
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

function readSamples(view: DataView, at: number, size: number, format: Format, file: string): Float32Array[] {
  const bytesPerSample = format.bits / 8;
  const frameBytes = bytesPerSample * format.channels;
  const frames = Math.floor(size / frameBytes);
  if (frames === 0) throw new AudioFileError(file, 'no audio: the data chunk is empty');
  const read = sampleReader(view, format);
  const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    const base = at + i * frameBytes;
    for (let c = 0; c < format.channels; c++) channels[c]![i] = read(base + c * bytesPerSample);
  }
  return channels;
}

/** One channel (0-based), or the mean of all when channel is 'mix'. */
export function pickChannel(audio: DecodedAudio, channel: number | 'mix' = 'mix'): Float32Array {
  if (channel !== 'mix') {
    const picked = audio.channels[channel];
    if (!picked) throw new Error(`channel ${channel + 1} asked for, the audio has ${audio.channels.length}`);
    return picked;
  }
  if (audio.channels.length === 1) return audio.channels[0]!;
  const out = new Float32Array(audio.channels[0]!.length);
  for (const ch of audio.channels)
    for (let i = 0; i < out.length; i++) out[i]! += ch[i]! / audio.channels.length;
  return out;
}
