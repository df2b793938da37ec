import { describe, expect, it } from 'vitest';
import {
  type AdapterFacts,
  adapterReason,
  classifyAdapter,
  deviceKey,
  fastest,
  measuredReason,
  parseBackendRequest,
} from '../../src/core/backend/backend-choice.js';
import { resolveBackendRequest } from '../../src/page/backend-request.js';

const swiftshader: AdapterFacts = {
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  isFallbackAdapter: true,
};
const nvidia: AdapterFacts = {
  vendor: 'nvidia',
  architecture: 'ampere',
  description: 'NVIDIA GeForce RTX 3060',
  isFallbackAdapter: false,
};

describe('classifyAdapter', () => {
  it('calls a fallback adapter software', () => expect(classifyAdapter(swiftshader)).toBe('software'));
  it('calls SwiftShader software even when not flagged as fallback', () =>
    expect(classifyAdapter({ ...swiftshader, isFallbackAdapter: false })).toBe('software'));
  it('calls llvmpipe software', () =>
    expect(
      classifyAdapter({
        vendor: 'mesa',
        architecture: '',
        description: 'llvmpipe (LLVM 15.0.6, 256 bits)',
        isFallbackAdapter: false,
      }),
    ).toBe('software'));
  it('calls a real GPU hardware', () => expect(classifyAdapter(nvidia)).toBe('hardware'));
  it('knows when there is no adapter', () => expect(classifyAdapter(null)).toBe('none'));
});

describe('fastest', () => {
  it('takes the lowest time and skips failed backends', () => {
    const best = fastest([
      { backend: 'webgl', ms: 70 },
      { backend: 'wasm', ms: 4.3 },
      { backend: 'cpu', ms: null, error: 'x' },
    ]);
    expect(best.backend).toBe('wasm');
  });
  it('throws, listing what failed, when nothing works', () => {
    expect(() => fastest([{ backend: 'webgl', ms: null }])).toThrow(
      /no backend works here \(webgl unavailable\)/,
    );
  });
});

describe('reasons', () => {
  it('explains a measured choice with every timing', () => {
    const reason = measuredReason('software', swiftshader, [
      { backend: 'webgl', ms: 70.12 },
      { backend: 'wasm', ms: 4.31 },
    ]);
    expect(reason).toContain('software');
    expect(reason).toContain('swiftshader');
    expect(reason).toMatch(/wasm \(webgl 70\.1 ms, wasm 4\.3 ms\)$/);
  });
  it('names the hardware adapter', () => expect(adapterReason('hardware', nvidia)).toContain('RTX 3060'));
});

describe('backend requests', () => {
  it('parses known names case-insensitively and anything else as auto', () => {
    expect(parseBackendRequest('WASM')).toBe('wasm');
    expect(parseBackendRequest('cuda')).toBe('auto');
    expect(parseBackendRequest(null)).toBe('auto');
  });
  it('lets ?backend= in the URL win over the attribute', () => {
    expect(resolveBackendRequest('webgl', '?backend=cpu')).toBe('cpu');
    expect(resolveBackendRequest('webgl', '?kiosk')).toBe('webgl');
    expect(resolveBackendRequest(null, '')).toBe('auto');
  });
});

describe('deviceKey', () => {
  it('changes with the adapter so a remembered choice is not reused on other hardware', () => {
    expect(deviceKey('UA', 2, swiftshader)).not.toBe(deviceKey('UA', 2, nvidia));
    expect(deviceKey('UA', 2, swiftshader)).toBe(deviceKey('UA', 2, { ...swiftshader }));
  });
});
