/**
 * The peer in the gaze and backends benches: MediaPipe Tasks' FaceDetector on
 * the BlazeFace short-range model that npm `@mediapipe/face_detection` ships
 * (a devDependency; Apache-2.0), given the input metadata Tasks requires.
 * Written once into test/fixtures/generated/ (git-ignored), served same-origin.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { imageInputMetadata, withMetadata } from './tflite-metadata.mjs';

const root = join(import.meta.dirname, '..', '..');
export const MEDIAPIPE_MODEL_PATH = 'test/fixtures/generated/mediapipe/face_detection_short_range.tflite';

/** Writes the model with metadata if missing; returns its path under the project root, or null without the package. */
export function ensureMediapipeModel() {
  const out = join(root, MEDIAPIPE_MODEL_PATH);
  if (existsSync(out)) return MEDIAPIPE_MODEL_PATH;
  const require = createRequire(join(root, 'package.json'));
  let source;
  try {
    source = join(dirname(require.resolve('@mediapipe/face_detection')), 'face_detection_short_range.tflite');
  } catch {
    return null;
  }
  const metadata = imageInputMetadata({
    name: 'BlazeFace short-range (from @mediapipe/face_detection)',
    mean: [127.5],
    std: [127.5],
    outputs: ['regressors', 'classificators'],
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, withMetadata(new Uint8Array(readFileSync(source)), metadata));
  return MEDIAPIPE_MODEL_PATH;
}
