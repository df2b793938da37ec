/**
 * What the operator is told about the threshold after training: how many
 * normal clips it will flag, how sure that is with this many clips, and how
 * many more would make it reliable (normal-threshold.ts says how).
 */
import { html, nothing } from 'lit';
import type { TrainedSoundModel } from '../../contracts/sound.js';
import { plural } from './sound-types.js';

/** A no-break space keeps the number and its sign on one line. */
const percent = (v: number) => `${Math.round(v * 100)}\u00a0%`;

export function thresholdAdviceText(trained: TrainedSoundModel): string {
  const trust = trained.trust;
  if (!trust) return 'The classifier flags a clip when it judges an anomaly more likely than not.';
  const { nominal, low, high } = trust.falseAlarm;
  const n = trained.normalClips;
  const aim = `The threshold aims to flag about 1 in ${Math.round(1 / nominal)} normal clips`;
  const spread = `with ${plural(n, 'normal clip')} it could really flag anywhere from ${percent(low)} to ${percent(high)}`;
  const more = trust.clipsForReliable - n;
  const advice =
    more > 0
      ? `Add about ${plural(more, 'more normal clip')} (${trust.clipsForReliable} in all) and retrain to make it reliable.`
      : 'That is enough clips for a reliable threshold.';
  return `${aim}; ${spread}. ${advice}`;
}

export function thresholdAdvice(trained: TrainedSoundModel | null) {
  if (!trained) return nothing;
  return html`<p part="advice" class="advice">${thresholdAdviceText(trained)}</p>`;
}
