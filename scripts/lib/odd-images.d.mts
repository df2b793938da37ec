export declare function png16(width: number, height: number): Buffer;
export declare function animatedGif(
  width: number,
  height: number,
  colours: [number, number, number][],
  delayCs?: number,
): Buffer;
export declare function cmykJpeg(width: number, height: number): Buffer;
