/**
 * `npm run holdout -- [folder]`: a second retrieval set, for checking that
 * the retrieval metrics hold for a gallery nobody tuned on. Its pictures are
 * the wallpapers and paper textures of three Debian packages that
 * ../shared/data does not draw on (mate-backgrounds, mypaint-data-extras,
 * sway-backgrounds): photos, abstract art, near-flat papers, a near-black
 * and a near-white picture. Queries come from the same generator as the
 * test fixture's. Needs Debian's apt-get and dpkg-deb; nothing is committed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { writeRetrievalSet } from './lib/retrieval-set.mjs';

const PACKAGES = ['mate-backgrounds', 'mypaint-data-extras', 'sway-backgrounds'];
const out = process.argv[2] ?? join(process.cwd(), 'test', 'fixtures', 'generated', 'retrieval-holdout');

function unpack(dir) {
  try {
    execFileSync('apt-get', ['download', ...PACKAGES], { cwd: dir, stdio: 'ignore' });
  } catch (error) {
    throw new Error(
      `apt-get download ${PACKAGES.join(' ')} failed (this needs Debian's package archive): ${error.message}`,
    );
  }
  for (const deb of readdirSync(dir).filter((f) => f.endsWith('.deb')))
    execFileSync('dpkg-deb', ['-x', join(dir, deb), join(dir, 'root')]);
  return join(dir, 'root', 'usr', 'share');
}

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(jpe?g|png)$/i.test(name)) yield path;
  }
}

/** RGBA pixels; a transparent PNG lands on white, as a desktop shows it. */
function decode(path) {
  if (!/\.png$/i.test(path))
    return jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  const png = PNG.sync.read(readFileSync(path));
  for (let i = 0; i < png.data.length; i += 4) {
    const alpha = png.data[i + 3] / 255;
    for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(png.data[i + c] * alpha + 255 * (1 - alpha));
    png.data[i + 3] = 255;
  }
  return { data: png.data, width: png.width, height: png.height };
}

/** One picture per design: the same wallpaper at other sizes or upright is left out. */
function pictures(share) {
  const seen = new Set();
  const kept = [];
  for (const path of [
    ...files(join(share, 'backgrounds')),
    ...files(join(share, 'mypaint', 'backgrounds')),
  ]) {
    const design = basename(path)
      .replace(/\.\w+$/, '')
      .replace(/(_\d+x\d+)?(_Portrait)?$/, '');
    if (seen.has(design)) continue;
    seen.add(design);
    kept.push({ name: `${design.replace(/[^\w-]+/g, '_')}.jpg`, ...decode(path) });
  }
  return kept;
}

const work = mkdtempSync(join(tmpdir(), 'retrieval-holdout-'));
try {
  const truth = writeRetrievalSet(out, pictures(unpack(work)), 2024);
  console.log(
    `holdout: ${Object.keys(truth).length} queries of ${new Set(Object.values(truth).flat()).size} pictures in ${out}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
