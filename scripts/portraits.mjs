/**
 * The default portraits, put into public/portraits/ by the install step:
 * the Mona Lisa (public domain) is downloaded once from Wikimedia Commons —
 * at install time, never by the page — or taken from a local copy named by
 * MONA_LISA_FILE; the shipped NASA astronaut photo is the fallback. A
 * manifest tells the element which is the default and why.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MONA_LISA_URL =
  'https://upload.wikimedia.org/wikipedia/commons/thumb/e/ec/Mona_Lisa%2C_by_Leonardo_da_Vinci%2C_from_C2RMF_retouched.jpg/800px-Mona_Lisa%2C_by_Leonardo_da_Vinci%2C_from_C2RMF_retouched.jpg';

const MONA_LISA = {
  file: 'mona-lisa.jpg',
  title: 'Mona Lisa (La Gioconda), Leonardo da Vinci',
  licence: 'public domain',
  credit: 'Wikimedia Commons, C2RMF retouched scan',
};
const ASTRONAUT = {
  file: 'astronaut.jpg',
  title: 'Astronaut Eileen Collins (NASA)',
  licence: 'public domain',
  credit: 'NASA, via Debian python3-skimage',
};

function describe(path, info, source) {
  const bytes = readFileSync(path);
  return { ...info, source, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** JPEG magic, so an HTML error page is never taken for a painting. */
function isJpeg(bytes) {
  return bytes.length > 1000 && bytes[0] === 0xff && bytes[1] === 0xd8;
}

async function download(url, timeoutMs) {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { 'user-agent': 'ondevice-ml-elements install step (portrait asset)' },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!isJpeg(bytes)) throw new Error('the answer was not a JPEG');
  return bytes;
}

/** Gets the Mona Lisa into `target`; returns where it came from, or the reason it could not. */
async function fetchMonaLisa(target, env) {
  if (env.MONA_LISA_FILE) {
    if (!existsSync(env.MONA_LISA_FILE))
      return { error: `MONA_LISA_FILE ${env.MONA_LISA_FILE} does not exist` };
    copyFileSync(env.MONA_LISA_FILE, target);
    return { source: `local copy (${env.MONA_LISA_FILE})` };
  }
  if (existsSync(target) && isJpeg(readFileSync(target))) return { source: 'kept from an earlier install' };
  try {
    writeFileSync(target, await download(MONA_LISA_URL, 8000));
    return { source: MONA_LISA_URL };
  } catch (error) {
    return { error: `download from Wikimedia Commons failed (${error.cause?.code ?? error.message})` };
  }
}

export async function installPortraits(root, publicDir, env = process.env) {
  const dir = join(publicDir, 'portraits');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(root, 'assets/portraits', ASTRONAUT.file), join(dir, ASTRONAUT.file));
  const portraits = [describe(join(dir, ASTRONAUT.file), ASTRONAUT, 'assets/portraits (shipped)')];
  const mona = await fetchMonaLisa(join(dir, MONA_LISA.file), env);
  if (mona.source) portraits.unshift(describe(join(dir, MONA_LISA.file), MONA_LISA, mona.source));
  const manifest = {
    default: mona.source ? MONA_LISA.file : ASTRONAUT.file,
    fallback: !mona.source,
    note: mona.source
      ? ''
      : `The Mona Lisa could not be fetched when this site was installed (${mona.error}); showing a public-domain NASA portrait instead.`,
    portraits,
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
