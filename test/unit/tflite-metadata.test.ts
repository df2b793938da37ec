/**
 * The bench's MediaPipe peer needs input metadata on npm's BlazeFace
 * short-range model: the prepended head must leave the model readable,
 * with one more buffer holding a ModelMetadata flatbuffer ("M001").
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { imageInputMetadata, withMetadata } from '../../scripts/lib/tflite-metadata.mjs';

const require = createRequire(import.meta.url);
const modelPath = join(
  dirname(require.resolve('@mediapipe/face_detection')),
  'face_detection_short_range.tflite',
);

/** Targets of a table's vector field. */
function vector(bb: ByteBuffer, table: number, id: number): number[] {
  const field = bb.__offset(table, 4 + 2 * id);
  if (!field) return [];
  const start = bb.__vector(table + field);
  return Array.from({ length: bb.__vector_len(table + field) }, (_, i) => bb.__indirect(start + 4 * i));
}

const str = (bb: ByteBuffer, table: number, id: number) =>
  bb.__string(table + bb.__offset(table, 4 + 2 * id));

describe.runIf(existsSync(modelPath))('TFLite metadata for the MediaPipe peer', () => {
  const model = new Uint8Array(readFileSync(modelPath));
  const metadata = imageInputMetadata({ name: 'test', mean: [127.5], std: [127.5], outputs: ['a', 'b'] });
  const out = withMetadata(model, metadata);
  const [before, after] = [new ByteBuffer(model), new ByteBuffer(out)];
  const [oldRoot, newRoot] = [before.readUint32(0), after.readUint32(0)];

  it('keeps every part of the model readable and unchanged', () => {
    expect(after.__has_identifier('TFL3')).toBe(true);
    expect(str(after, newRoot, 3)).toBe(str(before, oldRoot, 3));
    expect(vector(after, newRoot, 2)).toHaveLength(vector(before, oldRoot, 2).length);
    expect(vector(after, newRoot, 1)).toHaveLength(vector(before, oldRoot, 1).length);
    // The original sits whole at the end, moved by a multiple of 16 (buffer alignment).
    const shift = out.length - model.length;
    expect(shift % 16).toBe(0);
    expect(Buffer.from(out.subarray(shift)).equals(Buffer.from(model))).toBe(true);
  });

  it('adds one buffer holding the metadata, 16-byte aligned, named TFLITE_METADATA', () => {
    const buffers = vector(after, newRoot, 4);
    expect(buffers).toHaveLength(vector(before, oldRoot, 4).length + 1);
    const [entry] = vector(after, newRoot, 6).filter((e) => str(after, e, 0) === 'TFLITE_METADATA');
    const index = after.readUint32(entry! + after.__offset(entry!, 6));
    expect(index).toBe(buffers.length - 1);
    const buffer = buffers[index]!;
    const data = after.__vector(buffer + after.__offset(buffer, 4));
    expect(data % 16).toBe(0);
    expect(Buffer.from(out.subarray(data, data + metadata.length)).equals(Buffer.from(metadata))).toBe(true);
  });

  it('writes the normalisation a Tasks image input needs', () => {
    const bb = new ByteBuffer(metadata);
    expect(bb.__has_identifier('M001')).toBe(true);
    const root = bb.readUint32(0);
    const [subgraph] = vector(bb, root, 3);
    const [input] = vector(bb, subgraph!, 2);
    expect(vector(bb, subgraph!, 3)).toHaveLength(2);
    const [unit] = vector(bb, input!, 4);
    expect(bb.readUint8(unit! + bb.__offset(unit!, 4))).toBe(1); // NormalizationOptions
    const options = bb.__indirect(unit! + bb.__offset(unit!, 6));
    const mean = bb.__vector(options + bb.__offset(options, 4));
    expect(bb.readFloat32(mean)).toBe(127.5);
  });

  it('refuses a file that is not a TFLite model, and a model that has metadata already', () => {
    expect(() => withMetadata(new Uint8Array(64), metadata)).toThrow(/not a TFLite model/);
    expect(() => withMetadata(out, metadata)).toThrow(/already has metadata/);
  });
});
