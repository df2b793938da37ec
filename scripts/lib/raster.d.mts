export declare function resizeRgba(
  src: ArrayLike<number>,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
): Uint8ClampedArray;
export declare function letterboxRgba(
  src: ArrayLike<number>,
  sw: number,
  sh: number,
  width: number,
  height: number,
): {
  pixels: Uint8ClampedArray;
  placed: { x: number; y: number; width: number; height: number; scale: number };
};
export declare function warpRgba(
  src: ArrayLike<number>,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
  inverse: (u: number, v: number) => [number, number],
  background?: number[],
): Uint8ClampedArray;
