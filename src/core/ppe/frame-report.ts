/**
 * Everything one analysed frame reports under a policy: the Rekognition-shaped
 * response, the compliance metrics and the record a camera pipeline stores.
 * One place, so the element and the eval command cannot drift apart. Pure.
 */
import {
  type ComplianceMetrics,
  type ComplianceRecord,
  complianceMetrics,
  complianceRecord,
} from './compliance-metrics.js';
import type { PpeAnalysis } from './ppe-analysis.js';
import {
  type ProtectiveEquipmentResponse,
  type SummaryPolicy,
  faceCoverUncovered,
  toProtectiveEquipmentResponse,
} from './protective-equipment.js';

export interface FrameReport {
  response: ProtectiveEquipmentResponse;
  metrics: ComplianceMetrics;
  record: ComplianceRecord;
}

export function frameReport(
  analysis: PpeAnalysis,
  policy: SummaryPolicy,
  cameraId: string,
  time: Date,
): FrameReport {
  const response = toProtectiveEquipmentResponse(analysis, policy);
  const metrics = complianceMetrics(response.Summary, faceCoverUncovered(analysis, policy.minConfidence));
  return { response, metrics, record: complianceRecord(cameraId, time, metrics) };
}
