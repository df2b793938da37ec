/**
 * The backend choice is measured once per device and shared by every worker:
 * the measured choice is kept in localStorage with the device's key, and
 * while the first worker of a page is still measuring, the others wait for
 * it and then reuse what it kept instead of measuring again.
 */
import type { BackendInfo, BackendRequest } from '../contracts/runtime.js';

const REMEMBER_KEY = 'ml-elements:backend-choice';
const firstChoice = new Map<BackendRequest, Promise<unknown>>();

export function recallChoice(): BackendInfo | null {
  try {
    return JSON.parse(localStorage.getItem(REMEMBER_KEY) ?? 'null') as BackendInfo | null;
  } catch {
    return null;
  }
}

export function rememberChoice(info: BackendInfo): void {
  if (info.source !== 'measured') return;
  try {
    localStorage.setItem(REMEMBER_KEY, JSON.stringify(info));
  } catch {
    // Storage may be full or disabled; the choice is then measured again next time.
  }
}

/**
 * Runs `choose` with the remembered choice, after the page's first choice for
 * this request has settled (it may have stored one); the first caller runs at once.
 */
export function chooseOnce(
  request: BackendRequest,
  choose: (remembered: BackendInfo | null) => Promise<BackendInfo>,
): Promise<BackendInfo> {
  const earlier = firstChoice.get(request);
  const chosen = (async () => {
    if (earlier) await earlier.catch(() => undefined);
    const info = await choose(recallChoice());
    rememberChoice(info);
    return info;
  })();
  if (!earlier) firstChoice.set(request, chosen);
  return chosen;
}
