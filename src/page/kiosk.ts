/**
 * Kiosk mode: `?kiosk` shows the first element fullscreen, `?kiosk=<tag>` a
 * chosen one; a screen wake lock keeps the display on and is taken again
 * whenever the page becomes visible (the browser drops it when hidden).
 */
export function kioskTarget(search: string, tags: readonly string[]): string | null {
  const params = new URLSearchParams(search);
  if (!params.has('kiosk')) return null;
  const wanted = params.get('kiosk')?.trim();
  return wanted && tags.includes(wanted) ? wanted : (tags[0] ?? null);
}

export interface WakeLockHandle {
  /** Why the lock could not be taken, if it could not. */
  readonly problem: string;
  release(): void;
}

export async function keepScreenAwake(): Promise<WakeLockHandle> {
  const api = (navigator as Navigator & { wakeLock?: WakeLock }).wakeLock;
  if (!api) return { problem: 'this browser has no screen wake lock', release() {} };
  let sentinel: WakeLockSentinel | null = null;
  let problem = '';
  const acquire = async () => {
    if (document.visibilityState !== 'visible') return;
    try {
      sentinel = await api.request('screen');
      problem = '';
    } catch (error) {
      problem = `screen wake lock refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const onVisible = () => void acquire();
  document.addEventListener('visibilitychange', onVisible);
  await acquire();
  return {
    get problem() {
      return problem;
    },
    release() {
      document.removeEventListener('visibilitychange', onVisible);
      void sentinel?.release();
    },
  };
}
