/** What the monitor hands to the visitor as files: the camera's records (CSV, JSON Lines) and a snapshot. */
import { recordsToCsv, recordsToJsonLines } from '../../core/ppe/record-export.js';
import { saveFile } from '../../page/save-file.js';
import type { CameraHistory } from './camera-history.js';

/** Every record IndexedDB keeps for the camera (up to its retention), read when asked for. */
export async function downloadRecords(
  history: CameraHistory,
  cameraId: string,
  kind: 'csv' | 'jsonl',
): Promise<void> {
  const records = await history.records(cameraId);
  const text = kind === 'csv' ? recordsToCsv(records) : recordsToJsonLines(records);
  const type = kind === 'csv' ? 'text/csv' : 'application/x-ndjson';
  saveFile(new Blob([text], { type }), `${cameraId}-ppe.${kind}`);
}

/** The stage as the visitor sees it, its layers (video, then boxes) flattened into one PNG. */
export function saveSnapshot(given: (HTMLVideoElement | HTMLCanvasElement | null)[], name: string): void {
  const layers = given.filter((l) => l !== null);
  const first = layers[0];
  if (!first) return;
  const [w, h] =
    first instanceof HTMLVideoElement ? [first.videoWidth, first.videoHeight] : [first.width, first.height];
  const canvas = Object.assign(document.createElement('canvas'), { width: w, height: h });
  const ctx = canvas.getContext('2d')!;
  for (const layer of layers) ctx.drawImage(layer, 0, 0, w, h);
  canvas.toBlob((blob) => blob && saveFile(blob, name));
}
