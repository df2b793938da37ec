import { describe, expect, it } from 'vitest';
import { describeMediaError } from '../../src/core/media/media-errors.js';
import { kioskTarget } from '../../src/page/kiosk.js';
import { AudioSink } from '../../src/services/sound/audio-sink.js';

const named = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('describeMediaError', () => {
  it('treats a refused permission as denied, with what to do', () => {
    const problem = describeMediaError(named('NotAllowedError'), 'camera');
    expect(problem.state).toBe('denied');
    expect(problem.message).toMatch(/denied.*site settings/);
  });
  it('treats a missing device as unavailable', () =>
    expect(describeMediaError(named('NotFoundError'), 'microphone').state).toBe('unavailable'));
  it('treats a busy device as unavailable', () =>
    expect(describeMediaError(named('NotReadableError'), 'camera').message).toMatch(/in use/));
  it('keeps the browser message of anything else', () =>
    expect(describeMediaError(new Error('boom'), 'camera')).toEqual({
      state: 'error',
      message: 'The camera could not be started: boom',
    }));
});

describe('kioskTarget', () => {
  const tags = ['gaze-portrait', 'ppe-monitor'];
  it('is off without ?kiosk', () => expect(kioskTarget('?backend=wasm', tags)).toBeNull());
  it('takes the first element for a bare ?kiosk', () =>
    expect(kioskTarget('?kiosk', tags)).toBe('gaze-portrait'));
  it('takes the named element', () => expect(kioskTarget('?kiosk=ppe-monitor', tags)).toBe('ppe-monitor'));
  it('falls back to the first for an unknown name', () =>
    expect(kioskTarget('?kiosk=nope', tags)).toBe('gaze-portrait'));
});

describe('AudioSink', () => {
  it('keeps the latest samples in order across the ring boundary and measures RMS', () => {
    const sink = new AudioSink(1);
    const rate = 8;
    sink.push(Float32Array.from([1, 2, 3, 4, 5, 6]), rate);
    sink.push(Float32Array.from([7, 8, 9, 10]), rate);
    expect(Array.from(sink.latest(8))).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from(sink.latest(3))).toEqual([8, 9, 10]);
    expect(sink.stats().samplesReceived).toBe(10);
    expect(sink.stats().rms).toBeCloseTo(
      Math.sqrt([3, 4, 5, 6, 7, 8, 9, 10].reduce((s, v) => s + v * v, 0) / 8),
    );
  });
  it('starts over when the sample rate changes', () => {
    const sink = new AudioSink(1);
    sink.push(Float32Array.from([1, 1]), 4);
    sink.push(Float32Array.from([0.5]), 8);
    expect(Array.from(sink.latest(8))).toEqual([0.5]);
  });
});
