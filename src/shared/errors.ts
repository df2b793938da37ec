/** An error's own words, whatever was thrown. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * How to fix an asset (worker script, model, WASM) the browser could not fetch: on an embedding page this is
 * nearly always a missing CORS header or a wrong asset folder, and the browser's own error says neither.
 */
export const ASSET_FETCH_FIX =
  'If the elements’ files are served from another origin, that server must send Access-Control-Allow-Origin ' +
  '(the README’s “Embedding” section has a server config); otherwise check that ' +
  '<meta name="ml-elements-assets"> points at the folder holding models/ and wasm/.';

/** "Could not fetch URL (the browser's reason). How to fix it." */
export function assetFetchError(url: string, cause: unknown): Error {
  return new Error(`Could not fetch ${url} (${messageOf(cause)}). ${ASSET_FETCH_FIX}`, { cause });
}
