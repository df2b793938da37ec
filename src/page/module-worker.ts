/**
 * Starts a module worker from a script URL. Browsers refuse a worker script
 * from another origin, which is where an embedding page finds the library
 * (a CDN, another port): such a script starts through a same-origin blob
 * that imports it, so a CSP needs `worker-src blob:` only in that case.
 */
import { ASSET_FETCH_FIX } from '../shared/errors.js';

export function startModuleWorker(scriptUrl: string, name: string): Worker {
  const url = new URL(scriptUrl, import.meta.url);
  if (url.origin === location.origin) return new Worker(url, { type: 'module', name });
  const shim = new Blob([`import ${JSON.stringify(url.href)};\n`], { type: 'text/javascript' });
  const blobUrl = URL.createObjectURL(shim);
  const worker = new Worker(blobUrl, { type: 'module', name });
  // Revoked at once, the URL could go before the worker has fetched it; a minute later it long has.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  return worker;
}

/**
 * Rejects, naming the script, when the worker's script cannot be loaded (refused by CORS, missing); the
 * browser's own error event says nothing useful. That failure arrives as a bare `Event`; an uncaught error
 * inside a running worker is an `ErrorEvent` with a message, and is not a start failure.
 */
export function workerStartFailure(worker: Worker, scriptUrl: string): Promise<never> {
  return new Promise((_, reject) => {
    const onError = (event: Event) => {
      if (event instanceof ErrorEvent && event.message) return;
      worker.removeEventListener('error', onError);
      const url = new URL(scriptUrl, import.meta.url).href;
      reject(new Error(`The worker script ${url} could not be started. ${ASSET_FETCH_FIX}`));
    };
    worker.addEventListener('error', onError);
  });
}
