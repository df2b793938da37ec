#!/usr/bin/env node
/**
 * Generates the test fixtures under test/fixtures/generated/ from files that
 * packages ship (never from ../shared/data): a fake-camera Y4M of a group
 * photo from @vladmandic/face-api, a fake-microphone WAV tone, and a copy of
 * the model folder with one corrupted and one missing file. Idempotent.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { letterboxRgba } from './lib/raster.mjs';
import { encodeWav, encodeY4m } from './lib/media-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test', 'fixtures', 'generated');
export const CAMERA_PHOTO = join(root, 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg');

function cameraVideo() {
  const photo = jpeg.decode(readFileSync(CAMERA_PHOTO), { useTArray: true, formatAsRGBA: true });
  const { pixels } = letterboxRgba(photo.data, photo.width, photo.height, 640, 480);
  writeFileSync(join(out, 'camera-group-640x480.y4m'), encodeY4m(Array(10).fill(pixels), 640, 480, 10));
}

function microphoneTone() {
  const rate = 48000;
  const samples = Float32Array.from({ length: rate * 2 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate));
  writeFileSync(join(out, 'tone-440hz.wav'), encodeWav(samples, rate));
}

/** The served models with blazeface.bin corrupted (one byte flipped) and facemesh's files left out. */
function damagedModels() {
  const dir = join(out, 'damaged-models');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'blazeface'), { recursive: true });
  const models = join(root, 'public', 'models');
  if (!existsSync(join(models, 'manifest.json'))) throw new Error('make-fixtures: run scripts/copy-assets.mjs first');
  copyFileSync(join(models, 'manifest.json'), join(dir, 'manifest.json'));
  copyFileSync(join(models, 'blazeface', 'blazeface.json'), join(dir, 'blazeface', 'blazeface.json'));
  const weights = readFileSync(join(models, 'blazeface', 'blazeface.bin'));
  weights[weights.length >> 1] ^= 0xff;
  writeFileSync(join(dir, 'blazeface', 'blazeface.bin'), weights);
}

mkdirSync(out, { recursive: true });
cameraVideo();
microphoneTone();
damagedModels();
console.log(`make-fixtures: camera, microphone and damaged-model fixtures in ${out}`);
