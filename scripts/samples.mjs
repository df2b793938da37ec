/**
 * The samples the demo offers (assets/samples/, provenance in its README),
 * put into public/samples/ by the install step with a manifest naming each
 * file's title, licence, credit, bytes and sha256.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWithDigest } from './lib/copy-digest.mjs';

const MIMII = {
  licence: 'CC BY-SA 4.0',
  credit: 'MIMII dataset (Hitachi, Ltd.), fan id_00, channel 1, first 5 s',
};
const sound = (file, label, title) => ({ file: `sounds/${file}`, kind: 'sound', label, title, ...MIMII });

export const SAMPLES = [
  sound('fan-normal-1.wav', 'normal', 'Fan, running normally (1)'),
  sound('fan-normal-2.wav', 'normal', 'Fan, running normally (2)'),
  sound('fan-normal-3.wav', 'normal', 'Fan, running normally (3)'),
  sound('fan-normal-4.wav', 'normal', 'Fan, running normally (4)'),
  sound('fan-faulty-1.wav', 'abnormal', 'Fan with a fault (1)'),
  sound('fan-faulty-2.wav', 'abnormal', 'Fan with a fault (2)'),
  {
    file: 'photos/coffee.png',
    kind: 'photo',
    title: 'Coffee cup',
    licence: 'CC0',
    credit: 'Rachel Michetti, via Debian python3-skimage',
  },
  {
    file: 'photos/chelsea.png',
    kind: 'photo',
    title: 'Chelsea the cat',
    licence: 'CC0',
    credit: 'Stefan van der Walt, via Debian python3-skimage',
  },
  {
    file: 'photos/rocket.jpg',
    kind: 'photo',
    title: 'DSCOVR launch',
    licence: 'public domain',
    credit: 'SpaceX, via Debian python3-skimage',
  },
  {
    file: 'photos/hubble-deep-field.jpg',
    kind: 'photo',
    title: 'Hubble eXtreme Deep Field',
    licence: 'public domain',
    credit: 'NASA, via Debian python3-skimage',
  },
  {
    file: 'ppe/worksite.jpg',
    kind: 'ppe',
    title: 'Workers in hard hats',
    licence: 'public domain',
    credit: 'Hard Hat Workers dataset (Roboflow lists it as public domain)',
  },
  {
    file: 'ppe/hard-hats.jpg',
    kind: 'ppe',
    title: 'Workers in hard hats, one without',
    licence: 'public domain',
    credit: 'Hard Hat Workers dataset (Roboflow lists it as public domain)',
  },
];

export function installSamples(root, publicDir) {
  const samples = SAMPLES.map((info) => ({
    ...info,
    ...copyWithDigest(join(root, 'assets/samples', info.file), join(publicDir, 'samples', info.file)),
  }));
  writeFileSync(join(publicDir, 'samples', 'manifest.json'), `${JSON.stringify({ samples }, null, 2)}\n`);
  return samples;
}
