/**
 * Where the served assets (models/, wasm/) live. Defaults to the page's base
 * URL; a host page can point elsewhere before the first element starts.
 */
let assetBase: string | null = null;

export function setAssetBase(url: string): void {
  assetBase = new URL(url.endsWith('/') ? url : `${url}/`, location.href).href;
}

export function getAssetBase(): string {
  return assetBase ?? new URL(import.meta.env.BASE_URL ?? '/', location.href).href;
}
