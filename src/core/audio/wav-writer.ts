/**
 * WAV files in every encoding the reader takes: PCM 8/16/24/32-bit, float
 * 32/64, WAVE_FORMAT_EXTENSIBLE, any channel count and rate. The element saves
 * a kept microphone clip with it (16-bit PCM, which every player opens); the
 * tests write every encoding with it. Integer samples are clipped to full
 * scale, as a recorder would, rather than wrapping around. Pure.
 */
export interface WavOptions {
  bits: 8 | 16 | 24 | 32 | 64;
  float?: boolean;
  extensible?: boolean;
}

/** A WAV file of the given channels, written by hand so every encoding can be tested. */
export function wav(
  channels: Float32Array[],
  sampleRate: number,
  { bits, float = false, extensible = false }: WavOptions,
): ArrayBuffer {
  const bytes = bits / 8;
  const frames = channels[0]!.length;
  const fmtSize = extensible ? 40 : 16;
  const dataSize = frames * channels.length * bytes;
  const buf = new ArrayBuffer(12 + 8 + fmtSize + 8 + dataSize);
  const v = new DataView(buf);
  const str = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  str(0, 'RIFF');
  v.setUint32(4, buf.byteLength - 8, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  const code = float ? 3 : 1;
  v.setUint16(20, extensible ? 0xfffe : code, true);
  v.setUint16(22, channels.length, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * bytes * channels.length, true);
  v.setUint16(32, bytes * channels.length, true);
  v.setUint16(34, bits, true);
  if (extensible) {
    v.setUint16(36, 22, true);
    v.setUint16(38, bits, true);
    v.setUint16(44, code, true); // sub-format GUID starts with the format code
  }
  const data = 20 + fmtSize;
  str(data, 'data');
  v.setUint32(data + 4, dataSize, true);
  let at = data + 8;
  for (let i = 0; i < frames; i++) {
    for (const ch of channels) {
      const s = float ? ch[i]! : Math.max(-1, Math.min(1, ch[i]!));
      if (float && bits === 32) v.setFloat32(at, s, true);
      else if (float) v.setFloat64(at, s, true);
      else if (bits === 8) v.setUint8(at, Math.round(s * 127) + 128);
      else if (bits === 16) v.setInt16(at, Math.round(s * 32767), true);
      else if (bits === 24) {
        const x = Math.round(s * 8388607);
        [0, 1, 2].forEach((k) => v.setUint8(at + k, (x >> (8 * k)) & 0xff));
      } else v.setInt32(at, Math.round(s * 2147483647), true);
      at += bytes;
    }
  }
  return buf;
}
