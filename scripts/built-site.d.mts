export declare const STRICT_CSP: string;
export declare function buildSite(outDir: string): Promise<void>;
export declare function buildLibrary(outDir: string): Promise<void>;
export declare function serveFolder(
  dir: string,
  headers?: Record<string, string>,
  /** cors: false serves with no Access-Control-Allow-Origin header (a misconfigured asset host). */
  options?: { cors?: boolean },
): Promise<{ origin: string; close: () => Promise<void> }>;
