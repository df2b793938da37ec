/// <reference lib="webworker" />
/** The inference worker: one per backend request, shared by every element on the page. */
import { expose } from 'comlink';
import { InferenceService } from '../runtime/runtime-service.js';

expose(new InferenceService());
