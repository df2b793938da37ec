/**
 * What the demo says about each capability: a sentence and a picture for the
 * landing page's card. The elements themselves, their attributes and which can
 * run as a kiosk come from the library's registry (src/elements/registry.ts).
 */
import ppePicture from './pictures/ppe-check.svg';
import soundPicture from './pictures/sound-anomaly.svg';
import finderPicture from './pictures/image-finder.svg';

export interface Showcase {
  tag: string;
  sentence: string;
  /** Picture URL (relative to the site's base for files under public/). */
  picture: string;
  /** What the picture shows, for screen readers. */
  alt: string;
}

export const SHOWCASES: readonly Showcase[] = [
  {
    tag: 'gaze-portrait',
    sentence:
      'The Mona Lisa turns her head and eyes to follow you, using your camera to see where you stand.',
    picture: 'portraits/mona-lisa.jpg',
    alt: 'The Mona Lisa',
  },
  {
    tag: 'ppe-monitor',
    sentence: 'Checks that people wear masks, hard hats or gloves, live from a camera or in photos.',
    picture: ppePicture,
    alt: 'Two people boxed, one with a mask in green, one without in red',
  },
  {
    tag: 'sound-anomaly',
    sentence: 'Learns how a machine sounds when it runs well, then flags sounds that are off.',
    picture: soundPicture,
    alt: 'A spectrogram with a band of unusual sound marked',
  },
  {
    tag: 'image-finder',
    sentence: 'Finds the same object or picture in your photos, even from another angle or in other light.',
    picture: finderPicture,
    alt: 'A photo matched to the same picture in a gallery',
  },
];

export function showcaseOf(tag: string): Showcase | undefined {
  return SHOWCASES.find((s) => s.tag === tag);
}
