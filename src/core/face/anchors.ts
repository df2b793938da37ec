/**
 * SSD anchors of BlazeFace. The 128-px "front" model uses strides 8/16 and the
 * 256-px "back" model that @vladmandic/human ships uses strides 16/32; both give
 * 896 anchors (2 per cell on the fine grid, 6 on the coarse one).
 */
export interface AnchorSpec {
  inputSize: number;
  strides: readonly number[];
  perCell: readonly number[];
}

export const BACK_256: AnchorSpec = { inputSize: 256, strides: [16, 32], perCell: [2, 6] };
export const FRONT_128: AnchorSpec = { inputSize: 128, strides: [8, 16], perCell: [2, 6] };

/**
 * The back model run at another input size: it is fully convolutional and regresses boxes in input
 * pixels, so only the anchor grid changes (128 px: 8x8 and 4x4 cells, 224 anchors, a quarter of the work).
 */
export function backModelAt(inputSize: number): AnchorSpec {
  return { ...BACK_256, inputSize };
}

/** Anchor centres in input pixels, as a flat [x0, y0, x1, y1, ...] array. */
export function generateAnchors(spec: AnchorSpec): Float32Array {
  const out: number[] = [];
  spec.strides.forEach((stride, level) => {
    const cells = Math.ceil(spec.inputSize / stride);
    for (let row = 0; row < cells; row++) {
      for (let col = 0; col < cells; col++) {
        for (let n = 0; n < (spec.perCell[level] ?? 1); n++)
          out.push(stride * (col + 0.5), stride * (row + 0.5));
      }
    }
  });
  return Float32Array.from(out);
}
