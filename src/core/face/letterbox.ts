/**
 * Letterbox geometry: fit a W x H frame into a square model input without
 * distorting it (BlazeFace was trained on undistorted faces), and map model
 * coordinates back to the frame. Pure; runs in Node, the worker and the page.
 */
export interface Letterbox {
  /** Model input side in pixels. */
  size: number;
  /** Frame pixels per model pixel. */
  scale: number;
  /** Where the frame lands inside the model input, in model pixels. */
  offsetX: number;
  offsetY: number;
  drawWidth: number;
  drawHeight: number;
}

export function letterbox(frameWidth: number, frameHeight: number, size: number): Letterbox {
  if (!(frameWidth > 0 && frameHeight > 0))
    throw new RangeError(`frame size ${frameWidth}x${frameHeight} is empty`);
  const scale = Math.max(frameWidth, frameHeight) / size;
  const drawWidth = frameWidth / scale;
  const drawHeight = frameHeight / scale;
  return {
    size,
    scale,
    drawWidth,
    drawHeight,
    offsetX: (size - drawWidth) / 2,
    offsetY: (size - drawHeight) / 2,
  };
}

/** Model-input point → frame point. */
export function toFrame(box: Letterbox, x: number, y: number): [number, number] {
  return [(x - box.offsetX) * box.scale, (y - box.offsetY) * box.scale];
}
