/**
 * Adds TFLite metadata (an image input normalised by mean/std) to a .tflite model
 * that has none. MediaPipe Tasks refuses a float-input model without
 * NormalizationOptions, and the BlazeFace short-range model that npm
 * `@mediapipe/face_detection` ships has none: the bench uses this to run
 * Tasks' FaceDetector on npm-shipped weights (nothing fetched from a hub).
 *
 * TFLite has no JS writer for its schema, so rather than re-serialise the whole
 * model this prepends a small head: a new root Model table whose fields point
 * forward into the untouched original (flatbuffer offsets are relative, so the
 * original stays valid when moved as one block, by a multiple of 16 to keep
 * its buffer alignment), with a buffers vector and a metadata vector that
 * each gain one entry: the "TFLITE_METADATA" buffer. The metadata itself is
 * built with the flatbuffers library (schema: tflite-support's
 * metadata_schema.fbs, file identifier "M001").
 */
import { Builder, ByteBuffer } from 'flatbuffers';

/** Field ids of tflite's Model table (tensorflow/lite/schema/schema.fbs). */
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4 };
const MODEL_FIELDS = 8; // …, metadata_buffer 5, metadata 6, signature_defs 7
const METADATA_NAME = 'TFLITE_METADATA';

/** ModelMetadata for one image input normalised as (x - mean) / std, and `outputs` named outputs. */
export function imageInputMetadata({ name, mean, std, outputs }) {
  const b = new Builder(512);
  const floats = (values) => {
    b.startVector(4, values.length, 4);
    for (const v of [...values].reverse()) b.addFloat32(v);
    return b.endVector();
  };
  const table = (fields) => {
    b.startObject(Math.max(...fields.map(([id]) => id)) + 1);
    for (const [id, kind, value] of fields)
      if (kind === 'offset') b.addFieldOffset(id, value, 0);
      else b.addFieldInt8(id, value, -1); // default -1: always written
    return b.endObject();
  };
  const vector = (offsets) => {
    b.startVector(4, offsets.length, 4);
    for (const o of [...offsets].reverse()) b.addOffset(o);
    return b.endVector();
  };
  const normalization = table([
    [0, 'offset', floats(mean)],
    [1, 'offset', floats(std)],
  ]);
  const processUnit = table([
    [0, 'byte', 1], // ProcessUnitOptions.NormalizationOptions
    [1, 'offset', normalization],
  ]);
  const imageProperties = table([[0, 'byte', 1]]); // ColorSpaceType.RGB
  const content = table([
    [0, 'byte', 2], // ContentProperties.ImageProperties
    [1, 'offset', imageProperties],
  ]);
  const stats = table([
    [0, 'offset', floats([(255 - mean[0]) / std[0]])],
    [1, 'offset', floats([(0 - mean[0]) / std[0]])],
  ]);
  const input = table([
    [0, 'offset', b.createString('image')],
    [3, 'offset', content],
    [4, 'offset', vector([processUnit])],
    [5, 'offset', stats],
  ]);
  const outputTables = outputs.map((output) => table([[0, 'offset', b.createString(output)]]));
  const subgraph = table([
    [2, 'offset', vector([input])],
    [3, 'offset', vector(outputTables)],
  ]);
  const model = table([
    [0, 'offset', b.createString(name)],
    [3, 'offset', vector([subgraph])],
    [7, 'offset', b.createString('1.0.0')],
  ]);
  b.finish(model, 'M001');
  return b.asUint8Array();
}

/** Absolute positions of a vector's elements' targets (tables), or [] when the field is absent. */
function tableVector(bb, table, id) {
  const field = bb.__offset(table, 4 + 2 * id);
  if (!field) return [];
  const start = bb.__vector(table + field);
  return Array.from({ length: bb.__vector_len(table + field) }, (_, i) => bb.__indirect(start + 4 * i));
}

/** Absolute position a uoffset field points to, or null when absent. */
function fieldTarget(bb, table, id) {
  const field = bb.__offset(table, 4 + 2 * id);
  return field ? bb.__indirect(table + field) : null;
}

/** A little-endian writer that only appends; positions are absolute in the head. */
class HeadWriter {
  constructor() {
    this.bytes = new Uint8Array(4096);
    this.view = new DataView(this.bytes.buffer);
    this.length = 0;
  }
  align(to) {
    while (this.length % to) this.length++;
  }
  u16(v) {
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }
  u32(v) {
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  i32(v) {
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }
  /** Reserves a uoffset slot to fill once its target's position is known. */
  slot() {
    this.u32(0);
    return this.length - 4;
  }
  point(slot, target) {
    if (target <= slot) throw new Error('tflite-metadata: offsets must point forward');
    this.view.setUint32(slot, target - slot, true);
  }
  /** A table whose fields are all 4 bytes (uint32 or uoffset); returns each field's position. */
  table(fieldCount, present) {
    this.align(4);
    const vtable = this.length;
    this.u16(4 + 2 * fieldCount);
    this.u16(4 + 4 * present.length);
    for (let id = 0; id < fieldCount; id++) {
      const index = present.indexOf(id);
      this.u16(index < 0 ? 0 : 4 + 4 * index);
    }
    this.align(4);
    const table = this.length;
    this.i32(table - vtable);
    return Object.fromEntries(present.map((id) => [id, this.slot()]));
  }
  bytesVector(data, alignment) {
    // The vector's length sits just before its data, which must be aligned.
    while ((this.length + 4) % alignment) this.length++;
    const at = this.length;
    this.u32(data.length);
    this.grow(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
    return at;
  }
  grow(extra) {
    if (this.length + extra + 64 <= this.bytes.length) return;
    const bigger = new Uint8Array((this.length + extra) * 2 + 4096);
    bigger.set(this.bytes);
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }
}

/** The model with `metadata` (a ModelMetadata flatbuffer) attached as TFLITE_METADATA. */
export function withMetadata(model, metadata) {
  const bb = new ByteBuffer(model);
  if (bb.__has_identifier('TFL3') === false) throw new Error('tflite-metadata: not a TFLite model');
  const root = bb.readUint32(0);
  const oldMetadata = tableVector(bb, root, 6);
  for (const entry of oldMetadata) {
    const name = bb.__string(entry + bb.__offset(entry, 4));
    if (name === METADATA_NAME) throw new Error('tflite-metadata: the model already has metadata');
  }
  const oldBuffers = tableVector(bb, root, MODEL.buffers);
  const kept = [MODEL.operatorCodes, MODEL.subgraphs, MODEL.description, 5, 7].filter(
    (id) => fieldTarget(bb, root, id) !== null,
  );
  const versionField = bb.__offset(root, 4 + 2 * MODEL.version);
  const version = versionField ? bb.readUint32(root + versionField) : 3;

  const head = new HeadWriter();
  const rootSlot = head.slot();
  head.bytes.set(new TextEncoder().encode('TFL3'), head.length);
  head.length += 4;
  const present = [MODEL.version, ...kept, MODEL.buffers, 6].sort((a, b) => a - b);
  const fields = head.table(MODEL_FIELDS, present);
  const tablePos = fields[MODEL.version] - 4;
  head.point(rootSlot, tablePos);
  head.view.setUint32(fields[MODEL.version], version, true);

  const forward = []; // slots that point into the original, filled once the head's size is known
  for (const id of kept) forward.push([fields[id], fieldTarget(bb, root, id)]);

  head.point(fields[MODEL.buffers], head.length);
  head.u32(oldBuffers.length + 1);
  for (const buffer of oldBuffers) forward.push([head.slot(), buffer]);
  const newBufferSlot = head.slot();

  head.point(fields[6], head.length);
  head.u32(oldMetadata.length + 1);
  for (const entry of oldMetadata) forward.push([head.slot(), entry]);
  const newEntrySlot = head.slot();

  const entry = head.table(2, [0, 1]);
  head.point(newEntrySlot, entry[0] - 4);
  head.view.setUint32(entry[1], oldBuffers.length, true);
  head.align(4);
  head.point(entry[0], head.length);
  const nameBytes = new TextEncoder().encode(METADATA_NAME);
  head.grow(nameBytes.length + 8);
  head.u32(nameBytes.length);
  head.bytes.set(nameBytes, head.length);
  head.length += nameBytes.length + 1; // NUL terminator

  const buffer = head.table(1, [0]);
  head.point(newBufferSlot, buffer[0] - 4);
  head.point(buffer[0], head.bytesVector(metadata, 16));
  head.align(16);

  const shift = head.length;
  for (const [slot, target] of forward) head.point(slot, target + shift);
  const out = new Uint8Array(shift + model.length);
  out.set(head.bytes.subarray(0, shift));
  out.set(model, shift);
  return out;
}
