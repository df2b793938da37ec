/**
 * What the worker finds in one frame, before any policy is applied: people,
 * their body parts with boxes, and per part the probability it is covered
 * (null = no model for that equipment here, i.e. not calibrated). Plain data;
 * crosses the worker boundary.
 */
import type { Rect } from '../../shared/geometry.js';

export const BODY_PARTS = ['FACE', 'HEAD', 'LEFT_HAND', 'RIGHT_HAND'] as const;
export type BodyPartName = (typeof BODY_PARTS)[number];

export const EQUIPMENT_TYPES = ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'] as const;
export type EquipmentType = (typeof EQUIPMENT_TYPES)[number];

/** Which equipment covers which body part. */
export const EQUIPMENT_FOR: Record<BodyPartName, EquipmentType> = {
  FACE: 'FACE_COVER',
  HEAD: 'HEAD_COVER',
  LEFT_HAND: 'HAND_COVER',
  RIGHT_HAND: 'HAND_COVER',
};

export interface AnalyzedPart {
  name: BodyPartName;
  box: Rect;
  /** Detection confidence, 0…1. */
  score: number;
  /** P(covered), 0…1; null when the equipment type has no classifier (not taught). */
  covered: number | null;
}

export interface AnalyzedPerson {
  box: Rect;
  score: number;
  parts: AnalyzedPart[];
}

export interface PpeAnalysis {
  width: number;
  height: number;
  persons: AnalyzedPerson[];
  /** Tiles searched besides the full frame (0 = one look). */
  tiles: number;
  /** Version string of the models that made the verdicts. */
  modelVersion: string;
  ms: { faces: number; cover: number; hands: number; people: number; total: number };
}
