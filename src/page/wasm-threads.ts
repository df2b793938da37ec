/**
 * How many threads TF.js's WASM backend may use. Threads need a cross-origin
 * isolated page (the host sends COOP and COEP headers, docs/embedding.md),
 * and they win only on devices with cores to spare: on 2 cores two workers
 * with a frame each beat one worker on two threads (`npm run bench --
 * threads`). So the default is 1, and a host opts in with
 * `<meta name="ml-elements-wasm-threads" content="4">` or setWasmThreads(4)
 * before the first element is created.
 */
let threads: number | null = null;

export function setWasmThreads(count: number): void {
  threads = Math.max(1, Math.floor(count));
}

export function getWasmThreads(): number {
  return threads ?? fromMeta() ?? 1;
}

function fromMeta(): number | null {
  const content = globalThis.document
    ?.querySelector<HTMLMetaElement>('meta[name="ml-elements-wasm-threads"]')
    ?.content.trim();
  const count = Number(content);
  return content && Number.isFinite(count) && count >= 1 ? Math.floor(count) : null;
}
