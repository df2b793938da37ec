export declare const STRICT_CSP: string;
export declare function buildSite(outDir: string): Promise<void>;
export declare function buildLibrary(outDir: string): Promise<void>;
export declare function serveFolder(
  dir: string,
  headers?: Record<string, string>,
): Promise<{ origin: string; close: () => Promise<void> }>;
