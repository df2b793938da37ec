#!/usr/bin/env node
/**
 * node scripts/gaze-preview-images.mjs [portrait] [--head-turn 12] [--rows 1] [--out docs/images]: runs
 * `npm run eval -- gaze --preview` and writes what the docs show of it: the first, middle and last
 * frames side by side, whole (gaze-frames.png), cropped to the head (gaze-frames-head.png) and zoomed
 * to the eyes (gaze-frames-eyes.png, 3x, one row per frame).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const args = process.argv.slice(2);
const valueOf = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const portrait =
  args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ??
  'public/portraits/mona-lisa.jpg';
const out = valueOf('--out', 'docs/images');
const turn = valueOf('--head-turn', '12');
const rows = valueOf('--rows', '1');

const stdout = execFileSync(
  'node',
  ['scripts/eval.mjs', 'gaze', '--preview', portrait, '--head-turn', turn, '--rows', rows],
  {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const result = JSON.parse(stdout.trim().split('\n').at(-1));
const frames = result.previews.map((url) => PNG.sync.read(Buffer.from(url.split(',')[1], 'base64')));

/** `rect` of every frame, scaled by `scale` (nearest pixel, or box-averaged when shrinking), laid out. */
function sheet(rect, scale, vertical = false, gap = 6) {
  const w = Math.round(rect.width * scale);
  const h = Math.round(rect.height * scale);
  const png = new PNG({
    width: vertical ? w : w * frames.length + gap * (frames.length - 1),
    height: vertical ? h * frames.length + gap * (frames.length - 1) : h,
  });
  png.data.fill(255);
  frames.forEach((frame, k) => {
    const [ox, oy] = vertical ? [0, k * (h + gap)] : [k * (w + gap), 0];
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const sum = [0, 0, 0];
        const x0 = rect.x + x / scale;
        const y0 = rect.y + y / scale;
        const step = Math.max(1, Math.round(1 / scale));
        for (let j = 0; j < step; j++)
          for (let i = 0; i < step; i++) {
            const s = (Math.floor(y0 + j) * frame.width + Math.floor(x0 + i)) * 4;
            for (let c = 0; c < 3; c++) sum[c] += frame.data[s + c] ?? 255;
          }
        const o = ((oy + y) * png.width + ox + x) * 4;
        for (let c = 0; c < 3; c++) png.data[o + c] = sum[c] / (step * step);
        png.data[o + 3] = 255;
      }
  });
  return PNG.sync.write(png);
}

const box = result.face.box;
const grow = (factor) => ({
  x: Math.max(0, Math.round(box.x + box.width / 2 - (box.width * factor) / 2)),
  y: Math.max(0, Math.round(box.y + box.height / 2 - (box.height * factor) / 2)),
  width: Math.round(box.width * factor),
  height: Math.round(box.height * factor),
});
const eyes = result.eyes.flatMap((e) => e.opening);
const xs = eyes.map((p) => p[0]);
const ys = eyes.map((p) => p[1]);
const eyeRect = {
  x: Math.round(Math.min(...xs) - 12),
  y: Math.round(Math.min(...ys) - 12),
  width: Math.round(Math.max(...xs) - Math.min(...xs) + 24),
  height: Math.round(Math.max(...ys) - Math.min(...ys) + 24),
};
mkdirSync(out, { recursive: true });
const whole = { x: 0, y: 0, width: frames[0].width, height: frames[0].height };
writeFileSync(join(out, 'gaze-frames.png'), sheet(whole, 1 / 4));
writeFileSync(join(out, 'gaze-frames-head.png'), sheet(grow(1.3), 0.8));
writeFileSync(join(out, 'gaze-frames-eyes.png'), sheet(eyeRect, 3, true));
const { faceChange, outside, seam, notice, ms } = result;
console.log(JSON.stringify({ written: out, ms, faceChange, outside, seam, notice }));
