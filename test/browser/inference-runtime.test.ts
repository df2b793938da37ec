/**
 * A capability's worker in real Chromium (the gaze worker here; every worker runs the same runtime): backend
 * choice, BlazeFace from the
 * local manifest, WebGPU agreeing with WASM, and named errors for damaged models.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type ClientOptions, WorkerClient } from '../../src/page/worker-client.js';
import type { BackendRequest } from '../../src/contracts/runtime.js';
import { fastest } from '../../src/core/backend/backend-choice.js';
import { getWasmThreads, setWasmThreads } from '../../src/page/wasm-threads.js';
import { GROUP_PHOTO, GROUP_PHOTO_EYES, eyeFractions, loadBitmap, sortByX } from './helpers.js';

const clients: WorkerClient<'gaze'>[] = [];
function client(request: BackendRequest, options: ClientOptions = {}): WorkerClient<'gaze'> {
  const c = new WorkerClient('gaze', request, { rememberChoice: false, ...options });
  clients.push(c);
  return c;
}
afterAll(() => clients.forEach((c) => c.terminate()));

describe('backend choice under headless Chromium', () => {
  it('sees SwiftShader as a software adapter and takes the fastest measured backend', async () => {
    const info = await client('auto').ready;
    expect(info.adapterKind).toBe('software');
    expect(info.adapter?.architecture.toLowerCase()).toContain('swiftshader');
    expect(info.source).toBe('measured');
    expect(info.backend).not.toBe('webgpu');
    expect(info.timings.map((t) => t.backend)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(info.backend).toBe(fastest(info.timings).backend);
    expect(info.reason).toMatch(/software.*swiftshader.*fastest measured backend/i);
  });

  it('remembers the measured choice for this device and reuses it on the next start', async () => {
    localStorage.removeItem('ml-elements:backend-choice');
    const first = await client('auto', { rememberChoice: true }).ready;
    const second = await client('auto', { rememberChoice: true }).ready;
    expect(first.source).toBe('measured');
    expect(second.source).toBe('remembered');
    expect(second.backend).toBe(first.backend);
    expect(second.reason).toMatch(/\[remembered for this device\]$/);
    localStorage.removeItem('ml-elements:backend-choice');
  });

  it('runs WASM on one thread in a page that is not cross-origin isolated, even when threads are asked for', async () => {
    expect(crossOriginIsolated).toBe(false);
    const info = await client('wasm', { wasmThreads: 2 }).ready;
    expect(info.backend).toBe('wasm');
    expect(info.wasmThreads).toBe(1);
    expect(info.reason).not.toMatch(/threads/);
  });

  it('reads the threads a host asks for from its meta tag, and setWasmThreads() wins over it', () => {
    const meta = Object.assign(document.createElement('meta'), {
      name: 'ml-elements-wasm-threads',
      content: '3',
    });
    document.head.append(meta);
    try {
      expect(getWasmThreads()).toBe(3);
      meta.content = 'many';
      expect(getWasmThreads()).toBe(1);
      setWasmThreads(2.7);
      expect(getWasmThreads()).toBe(2);
    } finally {
      meta.remove();
      setWasmThreads(1);
    }
  });

  it('obeys a forced backend and says so', async () => {
    const info = await client('cpu').ready;
    expect(info.backend).toBe('cpu');
    expect(info.source).toBe('forced');
    expect(info.reason).toMatch(/^forced to cpu/);
  });
});

describe('BlazeFace from the local manifest, in the worker', () => {
  it('finds the three faces of a packaged group photo where they are', async () => {
    const runtime = client('wasm');
    const loaded = await runtime.service.loadModel('blazeface');
    expect(loaded).toMatchObject({ name: 'blazeface', sha256ok: true });
    const photo = await loadBitmap(GROUP_PHOTO);
    const [w, h] = [photo.width, photo.height];
    const faces = await runtime.service.detectFaces(photo);
    expect(faces).toHaveLength(3);
    eyeFractions(faces, w, h).forEach(([x, y], i) => {
      expect(Math.abs(x - GROUP_PHOTO_EYES[i]![0])).toBeLessThan(0.03);
      expect(Math.abs(y - GROUP_PHOTO_EYES[i]![1])).toBeLessThan(0.03);
    });
  });

  it('takes a transferred VideoFrame as well as an ImageBitmap', async () => {
    const frame = new VideoFrame(await loadBitmap(GROUP_PHOTO, { resizeWidth: 640, resizeHeight: 427 }), {
      timestamp: 0,
    });
    expect(await client('wasm').service.detectFaces(frame)).toHaveLength(3);
  });

  it('gives the same boxes on WebGPU (SwiftShader) as on WASM', async () => {
    const [wasm, webgpu] = [client('wasm'), client('webgpu')];
    expect((await webgpu.ready).backend).toBe('webgpu');
    const frame = () => loadBitmap(GROUP_PHOTO, { resizeWidth: 640, resizeHeight: 427 });
    const a = sortByX(await wasm.service.detectFaces(await frame()));
    const b = sortByX(await webgpu.service.detectFaces(await frame()));
    expect(b).toHaveLength(a.length);
    a.forEach((face, i) => {
      const other = b[i]!;
      for (const key of ['x', 'y', 'width', 'height'] as const)
        expect(Math.abs(face.box[key] - other.box[key])).toBeLessThan(1.5);
      expect(Math.abs(face.score - other.score)).toBeLessThan(0.01);
    });
  });

  it('serves a second load from Cache Storage', async () => {
    await client('wasm').service.loadModel('blazeface');
    const again = await client('wasm').service.loadModel('blazeface');
    expect(again.fromCache).toBe(true);
  });
});

describe('damaged model files', () => {
  const damaged = () =>
    client('wasm', { modelsUrl: new URL('/test/fixtures/generated/damaged-models/', location.href).href });

  it('names the model and the expected digest when a file is corrupt, and the worker keeps working', async () => {
    const runtime = damaged();
    const manifest = await runtime.service.manifest();
    const bin = manifest.models
      .find((m) => m.name === 'blazeface')!
      .files.find((f) => f.path.endsWith('.bin'))!;
    await expect(runtime.service.loadModel('blazeface')).rejects.toThrow(
      new RegExp(
        `^Model "blazeface": file blazeface/blazeface\\.bin is corrupt: expected ${bin.bytes} bytes with sha256 ${bin.sha256}, got ${bin.bytes} bytes with sha256 (?!${bin.sha256})[0-9a-f]{64}$`,
      ),
    );
    expect(await runtime.service.timeInference('blazeface').catch((e: Error) => e.message)).toMatch(
      /corrupt/,
    );
    expect((await runtime.service.manifest()).models.length).toBeGreaterThan(0);
  });

  it('names the model and file when a file is missing', async () => {
    await expect(damaged().service.loadModel('facemesh')).rejects.toThrow(
      /^Model "facemesh": file facemesh\/facemesh\.json is missing \((HTTP 404|an HTML page instead) at /,
    );
  });
});
