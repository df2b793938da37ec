/// <reference lib="webworker" />
/**
 * One worker script for every capability: the page starts one worker per
 * capability from it (named `ml-<capability>`), and each exposes that
 * capability's service alone. One script means TF.js is downloaded and
 * compiled once however many capabilities a page uses; separate workers mean
 * a sound model training for minutes never holds up PPE frames or gaze tracking.
 */
import { expose } from 'comlink';
import type { Capability } from '../contracts/capabilities.js';
import { GazeService } from '../services/gaze/gaze-service.js';
import { PpeService } from '../services/ppe/ppe-service.js';
import { RetrievalService } from '../services/retrieval/retrieval-service.js';
import { SoundService } from '../services/sound/sound-service.js';

const SERVICES: Record<Capability, () => object> = {
  gaze: () => new GazeService(),
  ppe: () => new PpeService(),
  sound: () => new SoundService(),
  retrieval: () => new RetrievalService(),
};

const capability = self.name.replace(/^ml-/, '') as Capability;
const service = SERVICES[capability];
if (!service) throw new Error(`no capability "${capability}" (known: ${Object.keys(SERVICES).join(', ')})`);
expose(service());
