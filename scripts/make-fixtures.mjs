#!/usr/bin/env node
/**
 * Generates the test fixtures under test/fixtures/generated/ from files that
 * packages ship (never from ../shared/data): a fake-camera Y4M of a group
 * photo from @vladmandic/face-api, a fake-microphone WAV tone, a synthetic
 * machine's sound clips, a small retrieval set, and a copy of
 * the model folder with one corrupted and one missing file. Idempotent.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { cropRgba, letterboxRgba, pasteRgba, resizeRgba } from './lib/raster.mjs';
import { writeRetrievalSet } from './lib/retrieval-set.mjs';
import { encodeWav, encodeY4m } from './lib/media-files.mjs';
import { animatedGif, cmykJpeg, png16 } from './lib/odd-images.mjs';
import { seededRandom } from './lib/seeded-random.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test', 'fixtures', 'generated');
export const CAMERA_PHOTO = join(root, 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg');
/** The public-domain portrait the project ships; its head is the face of the gaze fixtures. */
const ASTRONAUT = join(root, 'assets', 'portraits', 'astronaut.jpg');

function cameraVideo() {
  const photo = jpeg.decode(readFileSync(CAMERA_PHOTO), { useTArray: true, formatAsRGBA: true });
  const { pixels } = letterboxRgba(photo.data, photo.width, photo.height, 640, 480);
  writeFileSync(join(out, 'camera-group-640x480.y4m'), encodeY4m(Array(10).fill(pixels), 640, 480, 10));
}

function microphoneTone() {
  const rate = 48000;
  const samples = Float32Array.from(
    { length: rate * 2 },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate),
  );
  writeFileSync(join(out, 'tone-440hz.wav'), encodeWav(samples, rate));
}

/**
 * A synthetic machine for `eval -- audio`: a 440 Hz tone in noise (normal),
 * plus a 120 Hz hum (abnormal), 4 s clips at 16 kHz, seeded; and one
 * truncated WAV in the abnormal folder, which the eval must reject by name.
 */
function soundMachine() {
  const dir = join(out, 'sound-machine');
  rmSync(dir, { recursive: true, force: true });
  const rate = 16000;
  const random = seededRandom(12345);
  const noise = () => random() - 0.5;
  const clip = (fault) =>
    Float32Array.from(
      { length: 4 * rate },
      (_, i) =>
        0.4 * Math.sin((2 * Math.PI * 440 * i) / rate) +
        0.05 * noise() +
        (fault ? 0.3 * Math.sin((2 * Math.PI * 120 * i) / rate) : 0),
    );
  for (const [folder, count, fault] of [
    ['train', 8, false],
    ['test/normal', 3, false],
    ['test/abnormal', 3, true],
  ]) {
    mkdirSync(join(dir, folder), { recursive: true });
    for (let i = 0; i < count; i++)
      writeFileSync(join(dir, folder, `clip-${i}.wav`), encodeWav(clip(fault), rate));
  }
  writeFileSync(
    join(dir, 'test', 'abnormal', 'truncated.wav'),
    encodeWav(clip(true), rate).subarray(0, 5000),
  );
}

/** The served models with blazeface.bin corrupted (one byte flipped) and facemesh's files left out. */
function damagedModels() {
  const dir = join(out, 'damaged-models');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'blazeface'), { recursive: true });
  const models = join(root, 'public', 'models');
  if (!existsSync(join(models, 'manifest.json')))
    throw new Error('make-fixtures: run scripts/copy-assets.mjs first');
  copyFileSync(join(models, 'manifest.json'), join(dir, 'manifest.json'));
  copyFileSync(join(models, 'blazeface', 'blazeface.json'), join(dir, 'blazeface', 'blazeface.json'));
  const weights = readFileSync(join(models, 'blazeface', 'blazeface.bin'));
  weights[weights.length >> 1] ^= 0xff;
  writeFileSync(join(dir, 'blazeface', 'blazeface.bin'), weights);
}

/** The astronaut's head (and a little shoulder), 162 x 207, on a soft grey backdrop of W x H at x. */
function headScene(head, x, width = 640, height = 480) {
  const scene = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width; i++)
      scene.set([150 + y / 8, 150 + y / 8, 140 + y / 10, 255], (y * width + i) * 4);
  }
  pasteRgba(scene, width, height, head.data, head.width, head.height, Math.round(x), 130);
  return scene;
}

function astronautHead() {
  const photo = jpeg.decode(readFileSync(ASTRONAUT), { useTArray: true, formatAsRGBA: true });
  const crop = cropRgba(photo.data, photo.width, 135, 5, 180, 230);
  return { data: resizeRgba(crop, 180, 230, 162, 207), width: 162, height: 207 };
}

/**
 * One face at increasing horizontal positions: 9 stills for `eval -- gaze`
 * and a fake-camera video (hold left 1 s, walk right over 3 s, hold 1 s).
 */
function gazeSweep() {
  const head = astronautHead();
  const travel = 640 - head.width;
  const dir = join(out, 'gaze-sweep');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 9; i++) {
    const data = headScene(head, (i / 8) * travel);
    writeFileSync(join(dir, `face-${i}.jpg`), jpeg.encode({ data, width: 640, height: 480 }, 90).data);
  }
  const positions = [
    ...Array(10).fill(0),
    ...Array.from({ length: 30 }, (_, i) => (i / 29) * travel),
    ...Array(10).fill(travel),
  ];
  writeFileSync(
    join(out, 'camera-gaze-sweep-640x480.y4m'),
    encodeY4m(
      positions.map((x) => headScene(head, x)),
      640,
      480,
      10,
    ),
  );
}

/** A flat grey picture: no face in it. */
function noFace() {
  const data = new Uint8ClampedArray(64 * 64 * 4).fill(128);
  writeFileSync(join(out, 'no-face.jpg'), jpeg.encode({ data, width: 64, height: 64 }, 90).data);
}

/**
 * Images a visitor may drop: valid but unusual (16-bit PNG, CMYK JPEG,
 * animated GIF, SVG) and broken (empty, text named .jpg, a cut JPEG). The
 * bad-input browser test feeds them to every element.
 */
function oddImages() {
  const dir = join(out, 'odd-images');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ramp-16bit.png'), png16(64, 48));
  writeFileSync(join(dir, 'cmyk.jpg'), cmykJpeg(64, 48));
  writeFileSync(
    join(dir, 'animated.gif'),
    animatedGif(64, 48, [
      [200, 40, 40],
      [40, 40, 200],
    ]),
  );
  writeFileSync(
    join(dir, 'drawing.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48" fill="#4a4"/></svg>',
  );
  writeFileSync(join(dir, 'empty.png'), Buffer.alloc(0));
  writeFileSync(join(dir, 'notes.jpg'), 'These are notes, not a photo.\n');
  writeFileSync(join(dir, 'truncated.jpg'), readFileSync(CAMERA_PHOTO).subarray(0, 300));
}

mkdirSync(out, { recursive: true });
oddImages();
gazeSweep();
noFace();
cameraVideo();
microphoneTone();
soundMachine();
damagedModels();
console.log(`make-fixtures: camera, gaze sweep, microphone and damaged-model fixtures in ${out}`);

/** Photos packages ship, as the retrieval fixture's gallery (none of them is in ../shared/data). */
const RETRIEVAL_PHOTOS = [
  ...[1, 2, 3, 4, 5, 6].map((i) =>
    join(root, 'node_modules', '@vladmandic', 'face-api', 'demo', `sample${i}.jpg`),
  ),
  ASTRONAUT,
  join(root, 'node_modules', '@vladmandic', 'human', 'assets', 'samples.jpg'),
];

/** The package photos as a retrieval set (seeded), plus one truncated JPEG the eval must reject by name. */
function retrievalSet() {
  const dir = join(out, 'retrieval-set');
  const pictures = RETRIEVAL_PHOTOS.map((path, index) => ({
    name: `photo-${index}.jpg`,
    ...jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: true }),
  }));
  writeRetrievalSet(dir, pictures, 777);
  const broken = readFileSync(join(dir, 'gallery', 'photo-0.jpg'));
  writeFileSync(join(dir, 'gallery', 'broken.jpg'), broken.subarray(0, 200));
}

retrievalSet();
