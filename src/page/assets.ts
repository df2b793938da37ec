/**
 * Where the served assets (models/, wasm/, portraits/) live. The demo site
 * serves them at the page's base URL; the library build ships them beside
 * its modules, so it defaults to the module's own folder. A host page can
 * point elsewhere without a script, with
 * `<meta name="ml-elements-assets" content="/my/assets/">`, or by calling
 * setAssetBase() before the first element is created.
 */
let assetBase: string | null = null;

export function setAssetBase(url: string): void {
  assetBase = new URL(url.endsWith('/') ? url : `${url}/`, location.href).href;
}

export function getAssetBase(): string {
  return assetBase ?? fromMeta() ?? defaultAssetBase();
}

function fromMeta(): string | null {
  const content = globalThis.document
    ?.querySelector<HTMLMetaElement>('meta[name="ml-elements-assets"]')
    ?.content.trim();
  if (!content) return null;
  return new URL(content.endsWith('/') ? content : `${content}/`, location.href).href;
}

function defaultAssetBase(): string {
  // `vite build --mode lib` writes every chunk flat beside models/ and wasm/ (vite.lib.config.ts).
  if (import.meta.env.MODE === 'lib') return new URL(/* @vite-ignore */ './', import.meta.url).href;
  return new URL(import.meta.env.BASE_URL ?? '/', location.href).href;
}
