import { describe, expect, it } from 'vitest';
import { encodeWav, encodeY4m, rgbaToI420 } from '../../scripts/lib/media-files.mjs';
import { letterboxRgba, resizeRgba } from '../../scripts/lib/raster.mjs';

describe('fixture writers', () => {
  it('writes a Y4M header and 1.5 bytes per pixel per frame', () => {
    const frame = new Uint8ClampedArray(4 * 4 * 4).fill(255);
    const file = encodeY4m([frame, frame], 4, 4, 10);
    const header = 'YUV4MPEG2 W4 H4 F10:1 Ip A1:1 C420jpeg\n';
    expect(file.subarray(0, header.length).toString()).toBe(header);
    expect(file.length).toBe(header.length + 2 * ('FRAME\n'.length + 16 + 4 + 4));
  });
  it('converts white to limited-range Y 235 and neutral chroma', () => {
    const { y, u, v } = rgbaToI420(new Uint8ClampedArray(16).fill(255), 2, 2);
    expect(Array.from(y)).toEqual([235, 235, 235, 235]);
    expect([u[0], v[0]]).toEqual([128, 128]);
  });
  it('writes a PCM WAV with the right sizes', () => {
    const wav = encodeWav(Float32Array.from([0, 1, -1]), 16000);
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(16000);
    expect(wav.readUInt32LE(40)).toBe(6);
    expect(wav.readInt16LE(46)).toBe(32767);
  });
  it('letterboxes without distortion', () => {
    const src = new Uint8ClampedArray(4 * 2 * 4).fill(200);
    const { pixels, placed } = letterboxRgba(src, 4, 2, 8, 8);
    expect(placed).toMatchObject({ x: 0, y: 2, width: 8, height: 4 });
    expect(pixels[0]).toBe(0);
    expect(pixels[(3 * 8 + 3) * 4]).toBe(200);
    expect(resizeRgba(src, 4, 2, 2, 1)).toHaveLength(8);
  });
});
