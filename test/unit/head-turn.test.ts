import { describe, expect, it } from 'vitest';
import {
  type HeadMesh,
  headTurnRefusal,
  planHeadTurn,
  portraitYaw,
  turnedVertices,
  warpHead,
} from '../../src/core/gaze/head-turn.js';
import type { RgbaImage } from '../../src/core/gaze/rgba-image.js';
import type { Point, Rect } from '../../src/shared/geometry.js';

/** Points on the front half of a sphere of radius 60 at (100, 100), turned by `yaw` degrees to image-right. */
function sphereMesh(yaw = 0): HeadMesh {
  const points: Point[] = [];
  const depth: number[] = [];
  const turn = (yaw * Math.PI) / 180;
  for (let lat = -70; lat <= 70; lat += 10)
    for (let lon = -80; lon <= 80; lon += 10) {
      const [a, b] = [(lat * Math.PI) / 180, (lon * Math.PI) / 180 + turn];
      points.push([100 + 60 * Math.cos(a) * Math.sin(b), 100 + 60 * Math.sin(a)]);
      depth.push(60 * Math.cos(a) * Math.cos(b));
    }
  return { points, depth };
}

/** A picture with detail everywhere: stripes in both directions. */
function stripes(size = 200): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      data.set([128 + 100 * Math.sin(x / 3), 128 + 100 * Math.sin(y / 4), 128, 255], (y * size + x) * 4);
  return { width: size, height: size, data };
}

const LIMIT: Rect = { x: 25, y: 25, width: 150, height: 150 };

function turned(yaw: number, pitch = 0): RgbaImage {
  const image = stripes();
  const out = { ...image, data: new Uint8ClampedArray(image.data) };
  warpHead(image, out, [0, 0], planHeadTurn(sphereMesh(), LIMIT), { yaw, pitch });
  return out;
}

const outsideRing = (x: number, y: number) => Math.hypot((x + 0.5 - 100) / 75, (y + 0.5 - 100) / 75) >= 1;

describe('head turn', () => {
  const image = stripes();
  const plan = planHeadTurn(sphereMesh(), LIMIT);

  it('moves the near side of the face toward the turn, and the ring not at all', () => {
    const { position } = turnedVertices(plan, { yaw: 12, pitch: 0 });
    const front = plan.depth.indexOf(Math.max(...plan.depth.subarray(0, plan.moving)));
    expect(position[front * 2]! - plan.source[front * 2]!).toBeGreaterThan(5);
    for (let i = plan.moving; i < plan.source.length / 2; i++) {
      expect(position[i * 2]).toBe(plan.source[i * 2]);
      expect(position[i * 2 + 1]).toBe(plan.source[i * 2 + 1]);
    }
    const left = turnedVertices(plan, { yaw: -12, pitch: 0 }).position;
    expect(left[front * 2]! - plan.source[front * 2]!).toBeLessThan(-5);
    const down = turnedVertices(plan, { yaw: 0, pitch: 8 }).position;
    expect(down[front * 2 + 1]! - plan.source[front * 2 + 1]!).toBeGreaterThan(3);
  });

  it('changes nothing outside the ring, and nothing at all with no turn', () => {
    const out = turned(12, 5);
    let changedInside = 0;
    for (let y = 0; y < 200; y++)
      for (let x = 0; x < 200; x++) {
        const o = (y * 200 + x) * 4;
        if (outsideRing(x, y)) expect(out.data[o]).toBe(image.data[o]);
        else if (Math.abs(out.data[o]! - image.data[o]!) > 8) changedInside++;
      }
    expect(changedInside).toBeGreaterThan(2000);
    const still = turned(0);
    for (let i = 0; i < still.data.length; i++)
      expect(Math.abs(still.data[i]! - image.data[i]!)).toBeLessThanOrEqual(1);
  });

  it('fades out toward the ring: no step where the warp ends', () => {
    const out = turned(12);
    const steps: number[] = [];
    for (let y = 1; y < 199; y++)
      for (let x = 1; x < 199; x++) {
        const inside = !outsideRing(x, y);
        if (
          inside &&
          (outsideRing(x + 1, y) || outsideRing(x - 1, y) || outsideRing(x, y + 1) || outsideRing(x, y - 1))
        )
          steps.push(Math.abs(out.data[(y * 200 + x) * 4]! - image.data[(y * 200 + x) * 4]!));
      }
    expect(steps.length).toBeGreaterThan(300);
    // The stripes change by up to ~35 levels per pixel, so a move of a whole pixel would show.
    expect(steps.reduce((a, b) => a + b, 0) / steps.length).toBeLessThan(2);
  });

  it('reads how far a portrait already looks aside from its eye corners', () => {
    const corners: [number, number] = [0, 1];
    for (const yaw of [-25, 0, 20]) {
      const mesh = sphereMesh(yaw);
      // The outer eye corners: a third of the way out on either side, at the equator.
      const at = (lon: number) => mesh.points.findIndex((_, i) => i === 7 * 17 + (lon + 80) / 10);
      const pick = {
        points: [mesh.points[at(-40)]!, mesh.points[at(40)]!],
        depth: [mesh.depth[at(-40)]!, mesh.depth[at(40)]!],
      };
      expect(portraitYaw(pick, corners)).toBeCloseTo(yaw, 0);
    }
  });

  it('turns only a face that is large enough and not already turned far, and says why not', () => {
    /** FaceMesh-sized: the outer eye corners (33, 263) a third of the way out on a head turned `yaw`. */
    const faceMesh = (yaw: number): HeadMesh => {
      const sphere = sphereMesh(yaw);
      const at = (lon: number) => 7 * 17 + (lon + 80) / 10;
      const points = Array.from({ length: 468 }, (_, i) => sphere.points[i % sphere.points.length]!);
      const depth = Array.from({ length: 468 }, (_, i) => sphere.depth[i % sphere.depth.length]!);
      [points[33], depth[33]] = [sphere.points[at(-40)]!, sphere.depth[at(-40)]!];
      [points[263], depth[263]] = [sphere.points[at(40)]!, sphere.depth[at(40)]!];
      return { points, depth };
    };
    expect(headTurnRefusal(200, faceMesh(10))).toBeNull();
    expect(headTurnRefusal(200, faceMesh(-25))).toBeNull();
    expect(headTurnRefusal(90, faceMesh(0))).toMatch(/90 px wide, too small .* only the eyes move/);
    expect(headTurnRefusal(200, faceMesh(40))).toMatch(
      /turned about 40° away, too far .* only the eyes move/,
    );
    expect(headTurnRefusal(200, faceMesh(-40))).toMatch(/turned about 40° away/);
  });
});
