/** Heads of people whose face was not found: from their pose, judged like any head. */
import { describe, expect, it } from 'vitest';
import { type Keypoint, headFromPose } from '../../src/core/ppe/head-from-pose.js';
import { assemblePersons } from '../../src/core/ppe/person-assembly.js';

const none: Keypoint = [0, 0, 0];
/** A person standing with their head centred at (100, 50), ears 30 px apart, shoulders 100 px apart. */
function pose({ front = true } = {}): Keypoint[] {
  const points: Keypoint[] = Array.from({ length: 17 }, () => none);
  if (front) {
    points[0] = [100, 55, 0.9];
    points[1] = [93, 48, 0.9];
    points[2] = [107, 48, 0.9];
  }
  points[3] = [85, 50, 0.8];
  points[4] = [115, 50, 0.8];
  points[5] = [50, 110, 0.9];
  points[6] = [150, 110, 0.9];
  return points;
}
const person = { x: 20, y: 10, width: 160, height: 400 };

describe('heads from pose', () => {
  it('centres the head on its visible points and sizes it from the widest span', () => {
    for (const points of [pose(), pose({ front: false })]) {
      const head = headFromPose(points, person)!;
      expect(head.x + head.width / 2).toBeCloseTo(100, 0);
      expect(head.width).toBeGreaterThan(35);
      expect(head.width).toBeLessThan(60);
      // The head box holds the ears and does not reach the shoulders.
      expect(head.y).toBeLessThan(50);
      expect(head.y + head.height).toBeGreaterThan(50);
      expect(head.y + head.height).toBeLessThan(110);
    }
  });

  it('puts the head above the shoulders when no head point shows, and gives up without shoulders', () => {
    const points = pose({ front: false });
    points[3] = points[4] = none;
    const head = headFromPose(points, person)!;
    expect(head.y + head.height).toBeLessThan(110);
    expect(head.x + head.width / 2).toBeCloseTo(100, 0);
    points[5] = none;
    expect(headFromPose(points, person)).toBeNull();
  });

  it('gives a faceless body its head, judged, and no face', () => {
    const body = { box: person, score: 0.9 };
    const persons = assemblePersons(
      {
        faces: [],
        faceCovered: [],
        headCovered: [],
        hands: [],
        handCovered: [],
        bodies: [body, { box: { ...person, x: 400 }, score: 0.8 }],
        bodyHeads: [{ box: { x: 80, y: 30, width: 40, height: 48 }, covered: 0.9 }, null],
      },
      480,
    );
    expect(persons).toHaveLength(2);
    expect(persons[0]!.parts).toEqual([
      { name: 'HEAD', box: { x: 80, y: 30, width: 40, height: 48 }, score: 0.9, covered: 0.9 },
    ]);
    expect(persons[1]!.parts).toEqual([]);
  });
});
