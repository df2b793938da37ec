/**
 * Where a portrait's gaze frames come from: the default portrait named by the
 * install step's manifest, any image URL or dropped file (synthesised in the
 * worker), or a pre-rendered frame set (blended in the worker).
 */
import { getAssetBase } from '../../page/assets.js';
import { messageOf } from '../../shared/errors.js';
import { decodeImage, decodeScaled } from '../../page/media/decode-image.js';
import type { Remote } from 'comlink';
import type {
  GazeApi,
  GazeFrameSet,
  GazeGrid,
  SigmoidAlpha,
  SynthesisProgress,
  SynthesisSettings,
} from '../../contracts/gaze.js';
import { type FrameManifest, parseFrameManifest, spriteCells } from '../../core/gaze/frame-manifest.js';

export interface DefaultPortrait {
  url: string;
  title: string;
}

interface PortraitManifest {
  default: string;
  portraits: { file: string; title: string }[];
}

export async function defaultPortrait(): Promise<DefaultPortrait> {
  const base = new URL('portraits/', getAssetBase()).href;
  const response = await fetch(new URL('manifest.json', base));
  const manifest = (await response.json().catch(() => null)) as PortraitManifest | null;
  if (!response.ok || !manifest?.default)
    throw new Error('the default portrait is missing (run npm install to put it in public/portraits/)');
  const entry = manifest.portraits.find((p) => p.file === manifest.default);
  return { url: new URL(manifest.default, base).href, title: entry?.title ?? manifest.default };
}

/**
 * The portrait itself, to show while the models load and its frames are made (a kiosk never shows an empty
 * screen); null for a pre-rendered set, whose painting the manifest may name, or when it cannot be decoded
 * (the frames' own loading says why).
 */
export async function plainPortrait(
  portrait: string | Blob | null,
  frames: string,
): Promise<ImageBitmap | null> {
  if (frames) return null;
  try {
    return await decodeImage(portrait ?? (await defaultPortrait()).url, 'the portrait');
  } catch {
    return null;
  }
}

/** Frames made in the worker (or read from its cache); `onProgress` hears of each frame made. */
export async function synthesizedFrames(
  service: Remote<GazeApi>,
  portrait: string | Blob,
  grid: GazeGrid,
  settings: SynthesisSettings,
  onProgress: (progress: SynthesisProgress) => void,
): Promise<GazeFrameSet> {
  // A visitor's file is named in every message about it.
  const what = portrait instanceof File ? portrait.name : 'the portrait';
  const bitmap = await decodeImage(portrait, what);
  return service.synthesizeFrames(bitmap, grid, settings, onProgress).catch((error: unknown) => {
    throw portrait instanceof File ? new Error(`${what}: ${messageOf(error)}`) : error;
  });
}

async function loadManifest(url: string): Promise<FrameManifest> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the frame set ${url} could not be loaded (HTTP ${response.status})`);
  const json: unknown = await response.json().catch(() => {
    throw new Error(`the frame set ${url} is not valid JSON`);
  });
  return parseFrameManifest(json, response.url || url);
}

async function headImages(manifest: FrameManifest): Promise<ImageBitmap[]> {
  if (manifest.frames) return Promise.all(manifest.frames.map((url, i) => decodeImage(url, `frame ${i}`)));
  const sheet = await decodeImage(manifest.sprite!.src, 'the sprite sheet');
  try {
    return await Promise.all(
      spriteCells(manifest).map((c) => createImageBitmap(sheet, c.x, c.y, c.width, c.height)),
    );
  } finally {
    sheet.close();
  }
}

/**
 * A pre-rendered set; `alpha` overrides the manifest's blend where given (not undefined). The painting defaults to
 * `paintingUrl`.
 */
export async function preRenderedFrames(
  service: Remote<GazeApi>,
  framesUrl: string,
  paintingUrl: string,
  alpha: { [K in keyof SigmoidAlpha]?: number | undefined },
): Promise<GazeFrameSet> {
  const given = Object.fromEntries(Object.entries(alpha).filter(([, v]) => v !== undefined));
  const manifest = await loadManifest(framesUrl);
  const { bitmap: painting, scale } = await decodeScaled(manifest.painting ?? paintingUrl, 'the painting');
  // The head rectangle is in the painting's own pixels: scale it as the painting was.
  const { x, y, width, height } = manifest.head;
  const head = { x: x * scale, y: y * scale, width: width * scale, height: height * scale };
  return service.blendFrames(painting, await headImages(manifest), head, manifest.grid, {
    ...manifest.alpha,
    ...given,
  });
}
