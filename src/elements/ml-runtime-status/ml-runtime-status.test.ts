import { afterEach, describe, expect, it } from 'vitest';
import './ml-runtime-status.js';
import type { MlRuntimeStatus, RuntimeReadyDetail } from './ml-runtime-status.js';
import { expectAccessible } from '../../../test/browser/accessibility.js';

function mount(attrs: Record<string, string>): { el: MlRuntimeStatus; ready: Promise<RuntimeReadyDetail> } {
  const el = document.createElement('ml-runtime-status');
  Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
  const ready = new Promise<RuntimeReadyDetail>((resolve) =>
    el.addEventListener('ml-runtime-ready', (e) => resolve(e.detail), { once: true }),
  );
  document.body.append(el);
  return { el, ready };
}

afterEach(() => document.body.replaceChildren());

describe('<ml-runtime-status>', () => {
  it('shows the backend, why, and each model at 100% with its size', async () => {
    const { el, ready } = mount({ backend: 'wasm', models: 'blazeface' });
    const detail = await ready;
    await el.updateComplete;
    expect(detail.backend.backend).toBe('wasm');
    expect(detail.models.map((m) => m.name)).toEqual(['blazeface']);
    const root = el.shadowRoot!;
    expect(root.querySelector('[part=backend]')!.textContent).toContain('wasm');
    expect(root.querySelector('[part=reason]')!.textContent).toMatch(/^Forced to wasm/);
    const bar = root.querySelector('progress')!;
    expect(bar.value).toBe(bar.max);
    expect(bar.getAttribute('aria-label')).toBe('Loading blazeface');
    await expectAccessible(el);
  });

  it('shows an unknown model as an alert and still loads the others', async () => {
    const { el, ready } = mount({ backend: 'wasm', models: 'no-such-model,blazeface' });
    const detail = await ready;
    await el.updateComplete;
    expect(detail.errors).toHaveLength(1);
    expect(detail.errors[0]!.message).toMatch(/model "no-such-model" is not in the manifest/);
    expect(detail.models.map((m) => m.name)).toEqual(['blazeface']);
    expect(el.shadowRoot!.querySelector('[part=error][role=alert]')!.textContent).toMatch(/no-such-model/);
    await expectAccessible(el);
  });
});
