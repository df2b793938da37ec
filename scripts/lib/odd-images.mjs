/**
 * Valid images in the formats a visitor may drop that are not plain 8-bit
 * RGB: a 16-bit PNG (pngjs), an animated GIF and a CMYK JPEG. No npm package
 * writes the last two, so they are built here, as small as their formats
 * allow: a GIF of solid frames (LZW with a clear code before every pixel
 * code, so the code width never changes) and a baseline JPEG whose four
 * components are flat (each 8x8 block is a DC value and an end of block).
 */
import { PNG } from 'pngjs';

/** An RGB PNG with 16 bits per channel: a horizontal grey ramp. */
export function png16(width, height) {
  const png = new PNG({ width, height, bitDepth: 16, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  const data = Buffer.alloc(width * height * 3 * 2);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++)
        data.writeUInt16BE(Math.round((65535 * x) / (width - 1)), ((y * width + x) * 3 + c) * 2);
  png.data = data;
  return PNG.sync.write(png, { bitDepth: 16, colorType: 2, inputColorType: 2, inputHasAlpha: false });
}

/** GIF89a that loops over solid frames of the given RGB colours. */
export function animatedGif(width, height, colours, delayCs = 20) {
  const bytes = [...Buffer.from('GIF89a')];
  const u16 = (v) => [v & 255, v >> 8];
  // Logical screen with a global table of 4 colours (the frames' and black).
  bytes.push(...u16(width), ...u16(height), 0xf1, 0, 0);
  const table = [...colours, [0, 0, 0], [0, 0, 0]].slice(0, 4);
  for (const [r, g, b] of table) bytes.push(r, g, b);
  bytes.push(0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0'), 3, 1, 0, 0, 0); // loop for ever
  colours.forEach((_, index) => {
    bytes.push(0x21, 0xf9, 4, 0, ...u16(delayCs), 0, 0); // graphic control: delay
    bytes.push(0x2c, 0, 0, 0, 0, ...u16(width), ...u16(height), 0); // image descriptor
    bytes.push(2, ...subBlocks(lzwSolid(index, width * height)));
  });
  bytes.push(0x3b);
  return Buffer.from(bytes);
}

/** LZW codes (3 bits wide, minimum code size 2) for `count` pixels of one colour index. */
function lzwSolid(index, count) {
  const clear = 4;
  const end = 5;
  const codes = [];
  for (let i = 0; i < count; i++) codes.push(clear, index);
  codes.push(end);
  const out = [];
  let bits = 0;
  let n = 0;
  for (const code of codes) {
    bits |= code << n;
    n += 3;
    while (n >= 8) {
      out.push(bits & 255);
      bits >>= 8;
      n -= 8;
    }
  }
  if (n) out.push(bits & 255);
  return out;
}

function subBlocks(data) {
  const out = [];
  for (let i = 0; i < data.length; i += 255)
    out.push(Math.min(255, data.length - i), ...data.slice(i, i + 255));
  out.push(0);
  return out;
}

/**
 * A baseline JPEG with four components, marked CMYK by an Adobe APP14 segment
 * (transform 0): every block of every component is flat at the same level.
 */
export function cmykJpeg(width, height) {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8) * 4;
  const u16 = (v) => [v >> 8, v & 255];
  const segment = (marker, body) => [0xff, marker, ...u16(body.length + 2), ...body];
  const bytes = [0xff, 0xd8];
  bytes.push(...segment(0xee, [...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 0])); // APP14, transform 0: CMYK
  bytes.push(...segment(0xdb, [0, ...Array(64).fill(1)])); // one quantisation table of ones
  const components = [1, 2, 3, 4].flatMap((id) => [id, 0x11, 0]);
  bytes.push(...segment(0xc0, [8, ...u16(height), ...u16(width), 4, ...components])); // SOF0
  // DC table: one code ('0') for category 0; AC table: one code ('0') for end of block.
  bytes.push(...segment(0xc4, [0x00, 1, ...Array(15).fill(0), 0]));
  bytes.push(...segment(0xc4, [0x10, 1, ...Array(15).fill(0), 0]));
  const scan = [1, 2, 3, 4].flatMap((id) => [id, 0x00]);
  bytes.push(...segment(0xda, [4, ...scan, 0, 63, 0])); // SOS
  // Each block is two one-bit codes, both 0 (no DC change, end of block); the last byte is padded with 1s.
  const bits = blocks * 2;
  const data = Array(Math.ceil(bits / 8)).fill(0);
  if (bits % 8) data[data.length - 1] = 0xff >> (bits % 8);
  bytes.push(...data, 0xff, 0xd9);
  return Buffer.from(bytes);
}
