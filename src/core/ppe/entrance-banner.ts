/**
 * What an entrance kiosk says after each analysis: "Thank you" when everyone
 * wears what is required, "Please wear a mask" (naming exactly what is
 * missing) when someone confidently does not, "Please face the camera" when
 * a verdict is unsure, and an invitation when nobody is there. Pure.
 */
import { EQUIPMENT_FOR, type EquipmentType, type PpeAnalysis } from './ppe-analysis.js';
import { type SummaryPolicy, partVerdict, personVerdict } from './protective-equipment.js';

export type BannerTone = 'go' | 'stop' | 'unsure' | 'idle';

export interface EntranceBanner {
  tone: BannerTone;
  text: string;
}

const ITEM: Record<EquipmentType, string> = {
  FACE_COVER: 'a mask',
  HEAD_COVER: 'a hard hat',
  HAND_COVER: 'gloves',
};

function spokenList(items: string[], conjunction: 'and' | 'or'): string {
  return items.length < 2
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** "a mask", "a mask or a hard hat", "a mask, a hard hat or gloves": what a person may be without. */
export function missingItemsPhrase(required: readonly EquipmentType[]): string {
  return spokenList(
    required.map((t) => ITEM[t]),
    'or',
  );
}

/** Required equipment that at least one person confidently lacks, in the policy's order. */
export function missingEquipment(analysis: PpeAnalysis, policy: SummaryPolicy): EquipmentType[] {
  return policy.required.filter((type) =>
    analysis.persons.some((person) =>
      person.parts.some(
        (part) =>
          EQUIPMENT_FOR[part.name] === type && partVerdict(part, policy.minConfidence) === 'uncovered',
      ),
    ),
  );
}

export function entranceBanner(analysis: PpeAnalysis, policy: SummaryPolicy): EntranceBanner {
  if (!analysis.persons.length) return { tone: 'idle', text: 'Please step up to the camera' };
  const missing = missingEquipment(analysis, policy);
  if (missing.length)
    return {
      tone: 'stop',
      text: `Please wear ${spokenList(
        missing.map((t) => ITEM[t]),
        'and',
      )}`,
    };
  if (analysis.persons.every((p) => personVerdict(p, policy) === 'covered'))
    return { tone: 'go', text: 'Thank you' };
  return { tone: 'unsure', text: 'Please face the camera' };
}
