/**
 * The capabilities, each in a worker of its own (so a sound model training for
 * minutes never holds up the PPE monitor's frames or gaze tracking), each
 * with one contract both sides share.
 */
import type { GazeApi } from './gaze.js';
import type { PpeApi } from './ppe.js';
import type { RetrievalApi } from './retrieval.js';
import type { SoundApi } from './sound.js';

export interface Capabilities {
  gaze: GazeApi;
  ppe: PpeApi;
  sound: SoundApi;
  retrieval: RetrievalApi;
}

export type Capability = keyof Capabilities;
