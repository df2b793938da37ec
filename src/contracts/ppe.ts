/**
 * The PPE capability's worker: one look at a frame (faces, their cover, hands
 * and bodies when asked), and teach mode's embeddings and fitted heads.
 * The policy (required types, confidence) is applied on the page.
 */
import type { CoverHeadOptions, EncodedHead } from '../core/learning/cover-head.js';
import type { EquipmentType, PpeAnalysis } from '../core/ppe/ppe-analysis.js';
import type { RuntimeApi } from './runtime.js';

export type { EncodedHead } from '../core/learning/cover-head.js';
export type { EquipmentType, PpeAnalysis } from '../core/ppe/ppe-analysis.js';

export interface PpeOptions {
  /** Look for hands (HandTrack, about 120 ms a frame on WASM, and the part finder, about 75 ms). */
  hands: boolean;
  /**
   * Look for whole people too, so those whose face is hidden count as indeterminate (CenterNet, about 170 ms
   * a frame on WASM), and run the part finder on every frame, not only on frames without a face (about 75 ms,
   * once for hands and bodies together).
   */
  bodies?: boolean;
  /** Which covers to judge (default all three; a type left out reads "unknown"). Hands need `hands` too. */
  covers?: readonly EquipmentType[];
  /**
   * Frames of a live camera, analysed as they come: each head is judged on one of its six crops a frame, in turn,
   * and pooled over the frames in which it stays in view (core/ppe/view-rotation.ts). A head seen for six frames
   * is judged as a photo judges it, at a sixth of the cost; 640x480 keeps about twice the frame rate of six crops
   * a frame. Off (the default) for a photo, judged on all six at once; a photo also ends the stream's tracks.
   */
  stream?: boolean;
  /**
   * When a stream frame was seen, in ms on any clock that only goes forward (default: when the worker starts on
   * it). A pause of over 2 s between frames ends every track.
   */
  frameTime?: number;
}

export interface PpeApi extends RuntimeApi {
  analyze(frame: ImageBitmap, options: PpeOptions): Promise<PpeAnalysis>;
  /** Teach mode: per body part of this type in the frame, the embeddings of its views. */
  partEmbeddings(frame: ImageBitmap, type: EquipmentType): Promise<Float32Array[][]>;
  /** Fits a cover head on taught examples (each one part's views, one label per part); not yet in use. */
  fitCoverHead(
    examples: Float32Array[][],
    labels: number[],
    options?: Partial<CoverHeadOptions>,
  ): Promise<EncodedHead>;
  /** Puts a taught head in use for its type (null: forget it; that type is "unknown" again). */
  setTaughtHead(type: EquipmentType, head: EncodedHead | null): Promise<void>;
}
