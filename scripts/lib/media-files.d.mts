export declare function rgbaToI420(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
): { y: Uint8Array; u: Uint8Array; v: Uint8Array };
export declare function encodeY4m(
  frames: ArrayLike<number>[],
  width: number,
  height: number,
  fps?: number,
): Buffer;
export declare function encodeWav(samples: ArrayLike<number>, sampleRate: number): Buffer;
