/** Copies a file (making its folder) and returns what a manifest says of it: its bytes and sha256. */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function copyWithDigest(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  const bytes = readFileSync(to);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
