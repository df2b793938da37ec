import { afterEach, describe, expect, it } from 'vitest';
import './ppe-monitor.js';
import type { PpeMonitor, PpeResultDetail } from './ppe-monitor.js';
import { GROUP_PHOTO, solid, until } from '../../../test/browser/helpers.js';

function mount(attrs: Record<string, string>) {
  const el = document.createElement('ppe-monitor');
  Object.entries({ backend: 'wasm', ...attrs }).forEach(([k, v]) => el.setAttribute(k, v));
  const results: (PpeResultDetail & { at: number })[] = [];
  el.addEventListener('ppe-result', (e) => results.push({ ...e.detail, at: performance.now() }));
  document.body.append(el);
  return { el, results };
}

const part = (el: PpeMonitor, name: string) => el.shadowRoot!.querySelector(`[part=${name}]`)?.textContent ?? '';

afterEach(() => document.body.replaceChildren());

describe('<ppe-monitor> on the fake camera (face-api sample1: three people, no masks)', () => {
  it('sends ppe-result once per interval, with three people, all without a face cover', async () => {
    const { el, results } = mount({ interval: '1500', 'camera-id': 'test-group' });
    await until(() => results.length >= 5, 90_000);
    for (const r of results) {
      expect(r.source).toBe('camera');
      expect(r.metrics.detectedPeople).toBe(3);
      expect(r.response.Persons).toHaveLength(3);
      expect(r.record).toMatchObject({ CameraID: 'test-group', Result: 'non-compliant', FaceCoverNonCompliant: 3, FaceCoverNonCompliantPercentage: 100, detectedFaceRate: 100 });
    }
    // Frames are sampled on a fixed 1500-ms beat; an event lands when its analysis ends, so single
    // gaps vary by the analysis time (the first includes warm-up). The beat itself must hold.
    const steady = results.slice(1);
    const gaps = steady.slice(1).map((r, i) => r.at - steady[i]!.at);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(1500 * 0.85);
    expect(mean).toBeLessThan(1500 * 1.25);
    for (const gap of gaps) expect(gap).toBeGreaterThan(1500 * 0.5);
    expect(part(el, 'backend')).toContain('wasm');
    expect(part(el, 'summary')).toContain('3 non-compliant now');
  }, 120_000);

  it('records each analysed frame in the camera’s history', async () => {
    const { el, results } = mount({ interval: '800', 'camera-id': `history-${Date.now()}` });
    await until(() => results.length >= 2, 90_000);
    expect(part(el, 'dashboard')).toMatch(new RegExp(`${results.length} frames recorded`));
  }, 120_000);
});

describe('<ppe-monitor> with images', () => {
  it('analyses an image, and bad input gets a clear error while the monitor keeps running', async () => {
    const { el, results } = mount({ source: 'none' });
    await until(() => part(el, 'status').includes('Drop an image'), 90_000);
    const photo = await (await fetch(GROUP_PHOTO)).blob();
    const good = await el.analyze(photo);
    expect(good.metrics.detectedPeople).toBe(3);
    expect(good.source).toBe('image');

    await expect(el.analyze(new Blob([]))).rejects.toThrow(/empty file/);
    expect(part(el, 'error')).toMatch(/empty file/);
    await expect(el.analyze(new File(['not an image'], 'notes.txt', { type: 'text/plain' }))).rejects.toThrow(/notes\.txt is not an image/);
    await expect(el.analyze(await solid(1, 1, '#888'))).rejects.toThrow(/1x1 px: too small/);
    const huge = await el.analyze(await solid(10000, 10000, '#888', 'image/jpeg'));
    expect(huge.metrics.detectedPeople).toBe(0);
    expect(huge.record.Result).toBe('nobody');

    const again = await el.analyze(photo);
    expect(again.metrics.detectedPeople).toBe(3);
    expect(part(el, 'error')).toBe('');
    expect(results.length).toBe(3);
  }, 180_000);
});
