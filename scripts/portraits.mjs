/**
 * The portraits the project ships (assets/portraits/), put into
 * public/portraits/ by the install step with a manifest that names the
 * default (the Mona Lisa) and each one's provenance, bytes and sha256.
 * Nothing is downloaded: the painting is there with no network.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWithDigest } from './lib/copy-digest.mjs';

export const PORTRAITS = [
  {
    file: 'mona-lisa.jpg',
    title: 'Mona Lisa (La Gioconda), Leonardo da Vinci',
    licence: 'public domain',
    credit:
      'Leonardo da Vinci, c. 1503–1519; reproduction (800x1192) from the Unlicense repository blackspike/pixel-artist',
  },
  {
    file: 'astronaut.jpg',
    title: 'Astronaut Eileen Collins (NASA)',
    licence: 'public domain',
    credit: 'NASA, via Debian python3-skimage',
  },
];

export function installPortraits(root, publicDir) {
  const dir = join(publicDir, 'portraits');
  mkdirSync(dir, { recursive: true });
  const portraits = PORTRAITS.map((info) => {
    const digest = copyWithDigest(join(root, 'assets/portraits', info.file), join(dir, info.file));
    return { ...info, source: 'assets/portraits (shipped)', ...digest };
  });
  const manifest = { default: PORTRAITS[0].file, portraits };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
