/** What `ml-ppe-result` carries: one analysed frame or image. */
import type { ComplianceMetrics, ComplianceRecord } from '../../core/ppe/compliance-metrics.js';
import type { ProtectiveEquipmentResponse } from '../../core/ppe/protective-equipment.js';

export interface PpeResultDetail {
  record: ComplianceRecord;
  metrics: ComplianceMetrics;
  response: ProtectiveEquipmentResponse;
  /** 'camera' for sampled frames, 'image' for analyze() and dropped files. */
  source: 'camera' | 'image';
  /** Each person's number, in `response.Persons` order: stable while a person stays in the camera's view. */
  personNumbers: number[];
}

declare global {
  interface HTMLElementEventMap {
    'ml-ppe-result': CustomEvent<PpeResultDetail>;
  }
}
