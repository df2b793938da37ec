/**
 * How the project starts Debian's Chromium, shared by the eval/bench runner and
 * the Vitest browser tests. No browser is downloaded: CHROMIUM_PATH or
 * /usr/bin/chromium is used. Background networking is off because this
 * machine has no network but the package registries.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumArgs({ camera, microphone } = {}) {
  const args = [
    '--enable-unsafe-webgpu',
    '--enable-unsafe-swiftshader',
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (camera || microphone) args.push('--use-fake-device-for-media-stream');
  if (camera) args.push(`--use-file-for-fake-video-capture=${camera}`);
  if (microphone) args.push(`--use-file-for-fake-audio-capture=${microphone}`);
  return args;
}

export function assertChromium() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
}
