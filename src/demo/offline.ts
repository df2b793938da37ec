/**
 * Registers the demo site's service worker (written by
 * scripts/service-worker.mjs into the production build only; the dev server
 * has none). After one online visit the page, its workers, models and WASM
 * binaries come from the precache, so a kiosk starts with the network off.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register(
      new URL('sw.js', new URL(import.meta.env.BASE_URL, location.href)),
      { scope: import.meta.env.BASE_URL },
    );
  } catch (error) {
    // The page works online without it; offline starts are what is lost.
    console.warn(`offline support unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
