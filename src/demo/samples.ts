/**
 * "Try a sample" on the element pages: shipped clips and photos
 * (assets/samples/, provenance in its README) handed to the element through
 * its public methods, as a host page would, so a visitor sees it work
 * without files of their own.
 */
import type { ImageFinder } from '../elements/image-finder/image-finder.js';
import type { PpeMonitor } from '../elements/ppe-monitor/ppe-monitor.js';
import type { SoundAnomaly } from '../elements/sound-anomaly/sound-anomaly.js';

const base = `${import.meta.env.BASE_URL}samples/`;
const NORMAL = [1, 2, 3, 4].map((n) => `fan-normal-${n}.wav`);
const FAULTY = [1, 2].map((n) => `fan-faulty-${n}.wav`);
const PHOTOS = ['coffee.png', 'chelsea.png', 'rocket.jpg', 'hubble-deep-field.jpg'];
const PORTRAITS = ['mona-lisa.jpg', 'astronaut.jpg'];

async function fetchFile(url: string): Promise<File> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new File([await response.blob()], url.split('/').pop()!, {
    type: response.headers.get('content-type') ?? '',
  });
}

/** A photo of the painting, as a visitor's phone would take it: cropped, turned a little, in dimmer light. */
async function photoOfThePainting(): Promise<Blob> {
  const painting = await createImageBitmap(
    await fetchFile(`${import.meta.env.BASE_URL}portraits/mona-lisa.jpg`),
  );
  const canvas = new OffscreenCanvas(480, 600);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#6b6257';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate(-0.12);
  ctx.filter = 'brightness(0.75) contrast(0.9)';
  const scale = 0.62;
  ctx.drawImage(
    painting,
    (-painting.width * scale) / 2,
    (-painting.height * scale) / 2 - 40,
    painting.width * scale,
    painting.height * scale,
  );
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}

/** Shown beside the buttons: what the samples are and under which licence (CC BY-SA asks for it). */
const CREDITS: Record<string, string> = {
  'sound-anomaly': 'Sounds: MIMII dataset, fan id_00 (Hitachi, Ltd.), CC BY-SA 4.0.',
  'image-finder': 'Photos: public domain and CC0 (scikit-image sample data, NASA, SpaceX).',
  'ppe-monitor': 'Photo: Hard Hat Workers dataset, public domain.',
};

type Action = [label: string, run: () => Promise<unknown>];

function actionsFor(element: HTMLElement): Action[] {
  switch (element.localName) {
    case 'sound-anomaly': {
      const sound = element as SoundAnomaly;
      const add = async (names: string[], label: 'normal' | 'abnormal') =>
        sound.addClips(await Promise.all(names.map((n) => fetchFile(`${base}sounds/${n}`))), label);
      return [
        ['Add 4 sample clips of a healthy fan', () => add(NORMAL, 'normal')],
        ['Add 2 sample clips of a faulty fan', () => add(FAULTY, 'abnormal')],
      ];
    }
    case 'image-finder': {
      const finder = element as ImageFinder;
      const gallery = [
        ...PHOTOS.map((p) => [p, `${base}photos/${p}`]),
        ...PORTRAITS.map((p) => [p, `${import.meta.env.BASE_URL}portraits/${p}`]),
      ];
      return [
        [
          'Add 6 sample photos',
          async () => {
            for (const [id, url] of gallery) await finder.add(id!, url!);
          },
        ],
        ['Search with a photo of the Mona Lisa', async () => finder.search(await photoOfThePainting())],
      ];
    }
    case 'ppe-monitor':
      return [
        [
          'Check a sample photo for hard hats',
          async () => {
            // The photo is about hard hats: judged against the default (masks), everyone in it is "without".
            const monitor = element as PpeMonitor;
            monitor.required = 'HEAD_COVER';
            return monitor.analyze(await fetchFile(`${base}ppe/hard-hats.jpg`));
          },
        ],
      ];
    default:
      return [];
  }
}

/** The sample buttons for `element`, or null when it has none. Errors show in the element itself. */
export function sampleBar(element: HTMLElement): HTMLElement | null {
  const actions = actionsFor(element);
  if (!actions.length) return null;
  const bar = document.createElement('div');
  bar.className = 'samples';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Samples');
  const intro = Object.assign(document.createElement('span'), { textContent: 'No files at hand? ' });
  bar.append(intro);
  for (const [label, run] of actions) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
    button.addEventListener('click', () => {
      button.disabled = true;
      void run()
        .catch(() => undefined)
        .finally(() => (button.disabled = false));
    });
    bar.append(button);
  }
  const credit = CREDITS[element.localName];
  if (credit)
    bar.append(Object.assign(document.createElement('small'), { className: 'credit', textContent: credit }));
  return bar;
}
