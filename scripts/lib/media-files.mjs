/**
 * Writers for Chromium's fake capture devices: Y4M video (4:2:0, BT.601
 * limited range) for --use-file-for-fake-video-capture and 16-bit PCM WAV for
 * --use-file-for-fake-audio-capture.
 */

/** RGBA frame → I420 planes (Y full size, U and V at half size). */
export function rgbaToI420(rgba, width, height) {
  const y = new Uint8Array(width * height);
  const cw = width >> 1;
  const ch = height >> 1;
  const u = new Uint8Array(cw * ch);
  const v = new Uint8Array(cw * ch);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]];
    y[i] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  for (let row = 0; row < ch; row++) {
    for (let col = 0; col < cw; col++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dy, dx] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]) {
        const p = ((row * 2 + dy) * width + col * 2 + dx) * 4;
        r += rgba[p] / 4;
        g += rgba[p + 1] / 4;
        b += rgba[p + 2] / 4;
      }
      u[row * cw + col] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      v[row * cw + col] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return { y, u, v };
}

/** Y4M file from RGBA frames (all width x height, even sizes). */
export function encodeY4m(frames, width, height, fps = 30) {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const parts = [header];
  for (const rgba of frames) {
    const { y, u, v } = rgbaToI420(rgba, width, height);
    parts.push(Buffer.from('FRAME\n'), Buffer.from(y), Buffer.from(u), Buffer.from(v));
  }
  return Buffer.concat(parts);
}

/** Mono 16-bit PCM WAV from float samples in [-1, 1]. */
export function encodeWav(samples, sampleRate) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
