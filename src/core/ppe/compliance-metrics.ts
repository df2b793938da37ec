/**
 * Per-frame compliance metrics and the record a camera pipeline stores, from
 * a response's summary. Percentages are 0…100 (0 when nothing to divide). Pure.
 */
import type { ProtectiveEquipmentSummary } from './protective-equipment.js';

export interface ComplianceMetrics {
  compliant: number;
  nonCompliant: number;
  unknown: number;
  /** People whose face verdict was made: compliant + non-compliant. */
  detectedFaces: number;
  /** detectedFaces + unknown. */
  detectedPeople: number;
  FaceCoverNonCompliant: number;
  FaceCoverNonCompliantPercentage: number;
  /** Share of detected people with a verdict, percent. */
  detectedFaceRate: number;
}

export type FrameResult = 'compliant' | 'non-compliant' | 'unknown' | 'nobody';

export interface ComplianceRecord {
  CameraID: string;
  /** ISO 8601. */
  Timestamp: string;
  Result: FrameResult;
  FaceCoverNonCompliant: number;
  FaceCoverNonCompliantPercentage: number;
  detectedFaceRate: number;
  /**
   * People without the required equipment, whatever `required` asks (FaceCoverNonCompliant counts
   * bare faces only: at a hard-hat site that is not what the chart should show). Absent in records
   * stored before it was added, where FaceCoverNonCompliant stands in (the same under the default policy).
   */
  NonCompliant?: number;
}

/** The count a record's chart bar shows: people without the required equipment. */
export const nonCompliantOf = (r: ComplianceRecord): number => r.NonCompliant ?? r.FaceCoverNonCompliant;

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0);

/**
 * faceCoverUncovered: people whose face is confidently uncovered (see
 * protective-equipment's faceCoverUncovered); under the default policy
 * (FACE_COVER only) that is everyone non-compliant.
 */
export function complianceMetrics(
  summary: ProtectiveEquipmentSummary,
  faceCoverUncovered = summary.PersonsWithoutRequiredEquipment.length,
): ComplianceMetrics {
  const compliant = summary.PersonsWithRequiredEquipment.length;
  const nonCompliant = summary.PersonsWithoutRequiredEquipment.length;
  const unknown = summary.PersonsIndeterminate.length;
  const detectedFaces = compliant + nonCompliant;
  const detectedPeople = detectedFaces + unknown;
  return {
    compliant,
    nonCompliant,
    unknown,
    detectedFaces,
    detectedPeople,
    FaceCoverNonCompliant: faceCoverUncovered,
    FaceCoverNonCompliantPercentage: percent(faceCoverUncovered, detectedFaces),
    detectedFaceRate: percent(detectedFaces, detectedPeople),
  };
}

export function frameResult(m: ComplianceMetrics): FrameResult {
  if (m.detectedPeople === 0) return 'nobody';
  if (m.nonCompliant > 0) return 'non-compliant';
  return m.unknown > 0 ? 'unknown' : 'compliant';
}

export function complianceRecord(cameraId: string, time: Date, m: ComplianceMetrics): ComplianceRecord {
  return {
    CameraID: cameraId,
    Timestamp: time.toISOString(),
    Result: frameResult(m),
    FaceCoverNonCompliant: m.FaceCoverNonCompliant,
    FaceCoverNonCompliantPercentage: m.FaceCoverNonCompliantPercentage,
    detectedFaceRate: m.detectedFaceRate,
    NonCompliant: m.nonCompliant,
  };
}
