/**
 * Writes a retrieval set in the layout `eval -- retrieval` reads: gallery/
 * (each picture at 640 px), queries/ (three photos-of-a-picture per gallery
 * image: zoomed and turned; shrunk into a coloured frame with a patch over
 * it; an off-centre crop in brighter light) and truth.json. Seeded, so a set
 * is the same everywhere.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { pasteRgba, resizeRgba, warpRgba } from './raster.mjs';
import { seededRandom } from './seeded-random.mjs';

/**
 * @param {string} dir
 * @param {{ name: string, data: Uint8Array | Uint8ClampedArray, width: number, height: number }[]} pictures RGBA
 * @param {number} seed
 * @returns {Record<string, string[]>} the truth written
 */
export function writeRetrievalSet(dir, pictures, seed) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'gallery'), { recursive: true });
  mkdirSync(join(dir, 'queries'), { recursive: true });
  const random = seededRandom(seed);
  const truth = {};
  pictures.forEach((picture, index) => {
    const scale = 640 / Math.max(picture.width, picture.height);
    const [w, h] = [Math.round(picture.width * scale), Math.round(picture.height * scale)];
    const pixels = resizeRgba(picture.data, picture.width, picture.height, w, h);
    writeFileSync(
      join(dir, 'gallery', picture.name),
      jpeg.encode({ data: pixels, width: w, height: h }, 90).data,
    );
    const views = [
      { zoom: 1.35, angle: 0.2 * (random() - 0.5) + 0.18, cx: 0.5, cy: 0.5, side: 320, light: 1 },
      { zoom: 0.75, angle: -0.12 - 0.1 * random(), cx: 0.5, cy: 0.5, side: 280, light: 1, frame: true },
      { zoom: 1.6, angle: 0.05, cx: 0.38 + 0.1 * random(), cy: 0.42, side: 260, light: 1.25 },
    ];
    views.forEach((view, v) => {
      const query = `q-${index}-${v}.jpg`;
      const data = photoOfPicture(pixels, w, h, view, random);
      writeFileSync(
        join(dir, 'queries', query),
        jpeg.encode({ data, width: view.side, height: Math.round((view.side * h) / w) }, 75).data,
      );
      truth[query] = [picture.name];
    });
  });
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth, null, 1));
  return truth;
}

/** One view of a picture: turned by `angle`, zoomed about (cx, cy), optionally inside a coloured frame with a patch over it, lit ×light. */
function photoOfPicture(pixels, w, h, view, random) {
  const dw = view.side;
  const dh = Math.round((view.side * h) / w);
  const k = w / dw / view.zoom;
  const [cos, sin] = [Math.cos(view.angle), Math.sin(view.angle)];
  const frame = view.frame
    ? [60 + 180 * random(), 60 + 180 * random(), 60 + 180 * random(), 255].map(Math.round)
    : [0, 0, 0, 255];
  const out = warpRgba(
    pixels,
    w,
    h,
    dw,
    dh,
    (u, v) => {
      const [x, y] = [(u - dw / 2) * k, (v - dh / 2) * k];
      return [cos * x + sin * y + view.cx * w, -sin * x + cos * y + view.cy * h];
    },
    frame,
  );
  for (let i = 0; i < out.length; i += 4) for (let c = 0; c < 3; c++) out[i + c] = out[i + c] * view.light;
  if (view.frame) {
    const [pw, ph] = [Math.round(dw * 0.2), Math.round(dh * 0.2)];
    const patch = new Uint8ClampedArray(pw * ph * 4).map((_, i) =>
      i % 4 === 3 ? 255 : frame[((i % 4) + 1) % 3],
    );
    pasteRgba(
      out,
      dw,
      dh,
      patch,
      pw,
      ph,
      Math.round(dw * (0.2 + 0.5 * random())),
      Math.round(dh * (0.2 + 0.5 * random())),
    );
  }
  return out;
}
