export declare function imageInputMetadata(spec: {
  name: string;
  mean: number[];
  std: number[];
  outputs: string[];
}): Uint8Array;
export declare function withMetadata(model: Uint8Array, metadata: Uint8Array): Uint8Array;
