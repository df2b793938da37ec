/**
 * Small raster helpers for generating test fixtures in Node (no browser):
 * bilinear resize and letterboxing of RGBA pixels. Written here because the
 * fixtures need only these two operations; jpeg-js does the decoding.
 */

/** Bilinear resize of RGBA pixels. */
export function resizeRgba(src, sw, sh, dw, dh) {
  const out = new Uint8ClampedArray(dw * dh * 4);
  for (let y = 0; y < dh; y++) {
    const fy = Math.max(0, Math.min(sh - 1, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.max(0, Math.min(sw - 1, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const top = src[(y0 * sw + x0) * 4 + c] * (1 - wx) + src[(y0 * sw + x1) * 4 + c] * wx;
        const bottom = src[(y1 * sw + x0) * 4 + c] * (1 - wx) + src[(y1 * sw + x1) * 4 + c] * wx;
        out[(y * dw + x) * 4 + c] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
}

/** Fits an image into W x H without distortion, on black; returns RGBA pixels and where the image landed. */
export function letterboxRgba(src, sw, sh, width, height) {
  const scale = Math.min(width / sw, height / sh);
  const dw = Math.round(sw * scale);
  const dh = Math.round(sh * scale);
  const ox = Math.floor((width - dw) / 2);
  const oy = Math.floor((height - dh) / 2);
  const resized = resizeRgba(src, sw, sh, dw, dh);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  for (let y = 0; y < dh; y++)
    out.set(resized.subarray(y * dw * 4, (y + 1) * dw * 4), ((y + oy) * width + ox) * 4);
  return { pixels: out, placed: { x: ox, y: oy, width: dw, height: dh, scale } };
}

/** A copy of the w x h rectangle at (x, y) of an RGBA image sw wide. */
export function cropRgba(src, sw, x, y, w, h) {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++)
    out.set(src.subarray(((y + row) * sw + x) * 4, ((y + row) * sw + x + w) * 4), row * w * 4);
  return out;
}

/** Copies an RGBA image (sw x sh) into dst (dw wide) with its top-left at (x, y), clipped. */
export function pasteRgba(dst, dw, dh, src, sw, sh, x, y) {
  for (let row = 0; row < sh; row++) {
    const dy = y + row;
    if (dy < 0 || dy >= dh) continue;
    const from = Math.max(0, -x);
    const to = Math.min(sw, dw - x);
    if (to <= from) continue;
    dst.set(src.subarray((row * sw + from) * 4, (row * sw + to) * 4), (dy * dw + x + from) * 4);
  }
}

/**
 * Renders dw x dh pixels where each output pixel (u, v) samples the source at
 * inverse(u, v) bilinearly; outside the source, `background` (RGBA).
 */
export function warpRgba(src, sw, sh, dw, dh, inverse, background = [0, 0, 0, 255]) {
  const out = new Uint8ClampedArray(dw * dh * 4);
  for (let v = 0; v < dh; v++) {
    for (let u = 0; u < dw; u++) {
      const [x, y] = inverse(u + 0.5, v + 0.5);
      const fx = x - 0.5;
      const fy = y - 0.5;
      const at = (v * dw + u) * 4;
      if (fx < 0 || fy < 0 || fx > sw - 1 || fy > sh - 1) {
        out.set(background, at);
        continue;
      }
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(sw - 1, x0 + 1);
      const y1 = Math.min(sh - 1, y0 + 1);
      const wx = fx - x0;
      const wy = fy - y0;
      for (let c = 0; c < 4; c++) {
        const top = src[(y0 * sw + x0) * 4 + c] * (1 - wx) + src[(y0 * sw + x1) * 4 + c] * wx;
        const bottom = src[(y1 * sw + x0) * 4 + c] * (1 - wx) + src[(y1 * sw + x1) * 4 + c] * wx;
        out[at + c] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
}
