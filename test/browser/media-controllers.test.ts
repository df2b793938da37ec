/**
 * Camera and microphone controllers against Chromium's fake devices, fed from
 * the Y4M and WAV fixtures that scripts/make-fixtures.mjs generates.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CameraController } from '../../src/elements/base/camera-controller.js';
import { MicrophoneController } from '../../src/elements/base/microphone-controller.js';
import { WorkerClient } from '../../src/page/worker-client.js';
import { GROUP_PHOTO_EYES, eyeFractions, fakeHost } from './helpers.js';

const until = async (check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

afterEach(() => vi.restoreAllMocks());

describe('CameraController', () => {
  it('streams the fake camera into a muted inline video, and the worker finds the faces in its frames', async () => {
    const camera = new CameraController(fakeHost(), { autostart: () => true });
    expect(await camera.start()).toBe(true);
    expect(camera.video.muted && camera.video.playsInline).toBe(true);
    await until(() => camera.live);
    const frame = await camera.grabFrame();
    expect(frame && [frame.width, frame.height]).toEqual([640, 480]);
    const runtime = new WorkerClient('gaze', 'wasm', { rememberChoice: false });
    const faces = await runtime.service.detectFaces(frame!);
    runtime.terminate();
    camera.stop();
    expect(faces).toHaveLength(3);
    // The photo (3:2) is letterboxed into 640x480: 427 px high, 26.5 px from the top.
    const eyes = eyeFractions(faces, 640, 480).map(([x, y]) => [x, (y * 480 - 26.5) / 427]);
    eyes.forEach(([x, y], i) => {
      expect(Math.abs(x! - GROUP_PHOTO_EYES[i]![0])).toBeLessThan(0.03);
      expect(Math.abs(y! - GROUP_PHOTO_EYES[i]![1])).toBeLessThan(0.04);
    });
  });

  it('reports a denied camera clearly and does not throw', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(
      new DOMException('Permission denied', 'NotAllowedError'),
    );
    const host = fakeHost();
    const camera = new CameraController(host, { autostart: () => true });
    expect(await camera.start()).toBe(false);
    expect(camera.state).toBe('denied');
    expect(camera.message).toMatch(/denied/);
    expect(await camera.grabFrame()).toBeNull();
    expect(host.updates).toBeGreaterThan(0);
  });

  it('pauses while the tab is hidden and resumes when it is shown', async () => {
    const camera = new CameraController(fakeHost(), { autostart: () => true });
    camera.hostConnected();
    await camera.start();
    const track = (camera.video.srcObject as MediaStream).getVideoTracks()[0]!;
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    expect([camera.state, track.enabled]).toEqual(['paused', false]);
    expect(await camera.grabFrame()).toBeNull();
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect([camera.state, track.enabled]).toEqual(['live', true]);
    camera.hostDisconnected();
    expect(camera.state).toBe('idle');
  });

  it('notices when the camera track ends', async () => {
    const camera = new CameraController(fakeHost(), { autostart: () => true });
    await camera.start();
    const track = (camera.video.srcObject as MediaStream).getVideoTracks()[0]!;
    track.dispatchEvent(new Event('ended'));
    expect(camera.state).toBe('ended');
    camera.stop();
  });
});

describe('MicrophoneController', () => {
  it('streams the fake microphone through an AudioWorklet straight into the worker', async () => {
    const mic = new MicrophoneController(fakeHost());
    const port = await mic.start();
    expect(mic.state).toBe('live');
    const runtime = new WorkerClient('sound', 'wasm', { rememberChoice: false });
    await runtime.service.attachAudio(port!);
    await until(async () => (await runtime.service.audioStats()).samplesReceived > mic.sampleRate);
    const stats = await runtime.service.audioStats();
    await mic.stop();
    runtime.terminate();
    expect(stats.sampleRate).toBe(mic.sampleRate);
    // The fixture is a 440 Hz sine at amplitude 0.5: RMS 0.354 (silence would be 0).
    expect(stats.rms).toBeGreaterThan(0.2);
    expect(stats.rms).toBeLessThan(0.5);
  });
});
