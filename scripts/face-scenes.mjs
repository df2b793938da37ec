/**
 * `npm run face-scenes -- [data folder] [out folder]`: pictures of several
 * faces for `eval -- ppe-scenes`, made from the held-back face crops of
 * ppe-real-train (those the shipped face cover did not train on, by content
 * hash), pasted at 34–160 px onto the people-free photos of
 * retrieval-real-dev, 3–6 a picture, with a truth.json of their face boxes.
 * The data folder holds no multi-person photos with labelled faces, so this
 * stands in for them. It flatters and wrongs the monitor in known ways: the
 * faces have no bodies (so no pose can vouch for a small masked face), and a
 * pasted crop's hard edge sits where a real face has hair and shoulders.
 * Seeded, so the set is the same everywhere; nothing is committed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { cropRgba, pasteRgba, resizeRgba } from './lib/raster.mjs';
import { seededRandom } from './lib/seeded-random.mjs';

const data = process.argv[2] ?? join(process.cwd(), '..', 'shared', 'data');
const out = process.argv[3] ?? join(process.cwd(), 'test', 'fixtures', 'generated', 'face-scenes');
const [WIDTH, HEIGHT] = [640, 480];
const SCENES = 40;
const LABELS = ['with_mask', 'without_mask'];
/** The crops were cut as the face box plus 15% a side (manifest.csv): the face is the middle 1/1.3. */
const FACE_SHARE = 1 / 1.3;

const random = seededRandom(20261201);
const pick = (list) => list[Math.floor(random() * list.length)];

const decode = (path) => jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: true });
const shortHash = (path) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);

function heldBackFaces() {
  const trained = new Set(
    JSON.parse(readFileSync('assets/models/face-cover/training-files.json', 'utf8')).sha256,
  );
  return Object.fromEntries(
    LABELS.map((label) => {
      const dir = join(data, 'ppe-real-train', 'faces', label);
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.jpg'))
        .sort();
      return [label, files.map((f) => join(dir, f)).filter((f) => !trained.has(shortHash(f)))];
    }),
  );
}

/** A background photo cropped to 4:3 and scaled to the scene size. */
function background(path) {
  const img = decode(path);
  const w = Math.min(img.width, Math.round((img.height * WIDTH) / HEIGHT));
  const h = Math.round((w * HEIGHT) / WIDTH);
  const x = Math.floor((img.width - w) / 2);
  const y = Math.floor((img.height - h) / 2);
  return resizeRgba(cropRgba(img.data, img.width, x, y, w, h), w, h, WIDTH, HEIGHT);
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A free spot for a w x h crop, or null after 20 tries. */
function spot(w, h, taken) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = { x: Math.floor(random() * (WIDTH - w)), y: Math.floor(random() * (HEIGHT - h)), w, h };
    if (!taken.some((t) => overlaps(t, r))) return r;
  }
  return null;
}

function scene(pools, backgrounds) {
  const pixels = background(pick(backgrounds));
  const taken = [];
  const boxes = [];
  const count = 3 + Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    const label = pick(LABELS);
    const face = decode(pick(pools[label]));
    const longSide = Math.exp(Math.log(34) + random() * Math.log(160 / 34));
    const k = longSide / Math.max(face.width, face.height);
    const [w, h] = [Math.max(1, Math.round(face.width * k)), Math.max(1, Math.round(face.height * k))];
    const r = spot(w, h, taken);
    if (!r) continue;
    taken.push(r);
    pasteRgba(pixels, WIDTH, HEIGHT, resizeRgba(face.data, face.width, face.height, w, h), w, h, r.x, r.y);
    const [mw, mh] = [(w * (1 - FACE_SHARE)) / 2, (h * (1 - FACE_SHARE)) / 2];
    const round = (v) => Math.round(v * 10) / 10;
    boxes.push([label, round(r.x + mw), round(r.y + mh), round(r.x + w - mw), round(r.y + h - mh)]);
  }
  return { pixels, boxes };
}

const facesDir = join(data, 'ppe-real-train', 'faces');
if (!existsSync(facesDir)) {
  console.error(`${facesDir} is missing: this needs ../shared/data (see its README)`);
  process.exit(1);
}
const pools = heldBackFaces();
const galleryDir = join(data, 'retrieval-real-dev', 'gallery');
const backgrounds = readdirSync(galleryDir)
  .sort()
  .map((f) => join(galleryDir, f));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const truth = {};
for (let i = 0; i < SCENES; i++) {
  const { pixels, boxes } = scene(pools, backgrounds);
  const name = `scene-${String(i).padStart(2, '0')}.jpg`;
  writeFileSync(join(out, name), jpeg.encode({ data: pixels, width: WIDTH, height: HEIGHT }, 92).data);
  truth[name] = boxes;
}
writeFileSync(join(out, 'truth.json'), JSON.stringify(truth, null, 1));
const all = Object.values(truth).flat();
console.log(
  `${out}: ${SCENES} scenes, ${all.length} faces (${all.filter((b) => b[0] === 'with_mask').length} masked) from ${pools.with_mask.length} + ${pools.without_mask.length} held-back crops`,
);
