/**
 * The analysis in Amazon Rekognition's DetectProtectiveEquipment response
 * shape, with its summary driven by the required equipment types and a
 * minimum confidence (below 50 acts as 50). A part whose equipment has no
 * classifier, or whose verdict is less sure than the minimum, makes its
 * person indeterminate: never a guess. Pure.
 */
import { ratioBox } from './body-part-boxes.js';
import {
  type AnalyzedPart,
  type AnalyzedPerson,
  EQUIPMENT_FOR,
  EQUIPMENT_TYPES,
  type EquipmentType,
  type PpeAnalysis,
} from './ppe-analysis.js';

export interface BoundingBox {
  Left: number;
  Top: number;
  Width: number;
  Height: number;
}

export interface EquipmentDetection {
  BoundingBox: BoundingBox;
  Confidence: number;
  Type: EquipmentType;
  CoversBodyPart: { Confidence: number; Value: boolean };
}

export interface BodyPart {
  Name: AnalyzedPart['name'];
  Confidence: number;
  /** Not in Rekognition's response (it boxes only equipment); added so a part can be drawn and audited. */
  BoundingBox: BoundingBox;
  EquipmentDetections: EquipmentDetection[];
}

export interface ProtectiveEquipmentPerson {
  Id: number;
  BoundingBox: BoundingBox;
  Confidence: number;
  BodyParts: BodyPart[];
}

export interface ProtectiveEquipmentSummary {
  PersonsWithRequiredEquipment: number[];
  PersonsWithoutRequiredEquipment: number[];
  PersonsIndeterminate: number[];
}

export interface ProtectiveEquipmentResponse {
  ProtectiveEquipmentModelVersion: string;
  Persons: ProtectiveEquipmentPerson[];
  Summary: ProtectiveEquipmentSummary;
}

export interface SummaryPolicy {
  required: readonly EquipmentType[];
  /** Percent; values below 50 act as 50. */
  minConfidence: number;
}

export const DEFAULT_POLICY: SummaryPolicy = { required: ['FACE_COVER'], minConfidence: 80 };

/** The policy an attribute pair describes ("FACE_COVER, head_cover", 70); unknown names are ignored. */
export function summaryPolicy(required: string, minConfidence: number): SummaryPolicy {
  const types = required
    .split(/[\s,]+/)
    .map((t) => t.toUpperCase())
    .filter((t): t is EquipmentType => (EQUIPMENT_TYPES as readonly string[]).includes(t));
  return { required: types.length ? types : ['FACE_COVER'], minConfidence: Math.max(50, minConfidence) };
}

export type Verdict = 'covered' | 'uncovered' | 'unknown';

const pct = (v: number) => Math.round(v * 10000) / 100;

/** covered/uncovered when the classifier is at least minConfidence sure, else unknown. */
export function partVerdict(part: AnalyzedPart | undefined, minConfidence: number): Verdict {
  if (!part || part.covered === null) return 'unknown';
  const sure = Math.max(part.covered, 1 - part.covered) * 100;
  if (sure < Math.max(50, minConfidence)) return 'unknown';
  return part.covered >= 0.5 ? 'covered' : 'uncovered';
}

/** A person's status: any required item confidently missing → without; any unknown → indeterminate. */
export function personVerdict(person: AnalyzedPerson, policy: SummaryPolicy): Verdict {
  const verdicts = policy.required.flatMap((type) => {
    const parts = person.parts.filter((p) => EQUIPMENT_FOR[p.name] === type);
    return parts.length ? parts.map((p) => partVerdict(p, policy.minConfidence)) : (['unknown'] as Verdict[]);
  });
  if (verdicts.includes('uncovered')) return 'uncovered';
  if (verdicts.includes('unknown') || verdicts.length === 0) return 'unknown';
  return 'covered';
}

/**
 * People whose face is confidently uncovered, whatever else is required (the FaceCoverNonCompliant metric).
 */
export function faceCoverUncovered(analysis: PpeAnalysis, minConfidence: number): number {
  return analysis.persons.filter(
    (p) =>
      partVerdict(
        p.parts.find((part) => part.name === 'FACE'),
        minConfidence,
      ) === 'uncovered',
  ).length;
}

/** The equipment box: a face cover sits on the lower part of the face. */
function equipmentBox(part: AnalyzedPart) {
  if (part.name !== 'FACE') return part.box;
  return { ...part.box, y: part.box.y + part.box.height * 0.4, height: part.box.height * 0.6 };
}

function bodyPart(part: AnalyzedPart, width: number, height: number): BodyPart {
  const detections: EquipmentDetection[] =
    part.covered !== null && part.covered >= 0.5
      ? [
          {
            BoundingBox: ratioBox(equipmentBox(part), width, height),
            Confidence: pct(part.covered),
            Type: EQUIPMENT_FOR[part.name],
            CoversBodyPart: { Confidence: pct(part.covered), Value: true },
          },
        ]
      : [];
  return {
    Name: part.name,
    Confidence: pct(part.score),
    BoundingBox: ratioBox(part.box, width, height),
    EquipmentDetections: detections,
  };
}

export function toProtectiveEquipmentResponse(
  analysis: PpeAnalysis,
  policy: SummaryPolicy = DEFAULT_POLICY,
): ProtectiveEquipmentResponse {
  const summary: ProtectiveEquipmentSummary = {
    PersonsWithRequiredEquipment: [],
    PersonsWithoutRequiredEquipment: [],
    PersonsIndeterminate: [],
  };
  const persons = analysis.persons.map((person, Id) => {
    const verdict = personVerdict(person, policy);
    (verdict === 'covered'
      ? summary.PersonsWithRequiredEquipment
      : verdict === 'uncovered'
        ? summary.PersonsWithoutRequiredEquipment
        : summary.PersonsIndeterminate
    ).push(Id);
    return {
      Id,
      BoundingBox: ratioBox(person.box, analysis.width, analysis.height),
      Confidence: pct(person.score),
      BodyParts: person.parts.map((p) => bodyPart(p, analysis.width, analysis.height)),
    };
  });
  return { ProtectiveEquipmentModelVersion: analysis.modelVersion, Persons: persons, Summary: summary };
}
