/**
 * What both sides of the page/worker line agree on, whatever the capability:
 *
 * - Pictures, video frames and ports handed to the other side are moved, not
 *   copied (the receiver closes them): `handedOver` finds them in a call's
 *   argument or answer, for Comlink's transfer list.
 * - An AbortSignal crosses as a signal: aborting it on the page aborts the
 *   worker's copy (Comlink has no handler for it; a MessagePort carries it).
 */
import { type TransferHandler, transferHandlers } from 'comlink';

const has = (name: string): boolean => typeof (globalThis as Record<string, unknown>)[name] === 'function';

function isHandedOver(value: unknown): value is Transferable {
  return (
    (has('ImageBitmap') && value instanceof ImageBitmap) ||
    (has('VideoFrame') && value instanceof VideoFrame) ||
    (has('MessagePort') && value instanceof MessagePort) ||
    (has('OffscreenCanvas') && value instanceof OffscreenCanvas)
  );
}

/**
 * The pictures, frames and ports in a value: itself, or inside its arrays and
 * plain objects (two levels, enough for a frame set). Typed arrays and
 * buffers are left alone: a caller who wants a buffer moved says so with
 * Comlink's `transfer()`, since the move empties it.
 */
export function handedOver(value: unknown, depth = 2): Transferable[] {
  if (isHandedOver(value)) return [value];
  if (depth === 0 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
  const inner = Array.isArray(value)
    ? value
    : Object.getPrototypeOf(value) === Object.prototype
      ? Object.values(value)
      : [];
  return inner.flatMap((item: unknown) => handedOver(item, depth - 1));
}

const abortSignalHandler: TransferHandler<AbortSignal, MessagePort> = {
  canHandle: (value): value is AbortSignal => has('AbortSignal') && value instanceof AbortSignal,
  serialize(signal) {
    const { port1, port2 } = new MessageChannel();
    const abort = () => {
      port1.postMessage(null);
      port1.close();
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    return [port2, [port2]];
  },
  deserialize(port) {
    const controller = new AbortController();
    port.onmessage = () => {
      controller.abort();
      port.close();
    };
    return controller.signal;
  },
};

/** Called by both sides before their first call or answer. */
export function registerWorkerLine(): void {
  transferHandlers.set('abort-signal', abortSignalHandler as TransferHandler<unknown, unknown>);
}
