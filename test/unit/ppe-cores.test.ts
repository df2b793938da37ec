import { describe, expect, it } from 'vitest';
import { complianceMetrics, complianceRecord } from '../../src/core/ppe/compliance-metrics.js';
import { bucketRecords } from '../../src/core/ppe/history-buckets.js';
import { MinuteHistory, WEEK_MS } from '../../src/core/ppe/minute-history.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';
import { recordsToCsv, recordsToJsonLines } from '../../src/core/ppe/record-export.js';
import {
  partVerdict,
  personVerdict,
  toProtectiveEquipmentResponse,
} from '../../src/core/ppe/protective-equipment.js';
import type { AnalyzedPerson, PpeAnalysis } from '../../src/core/ppe/ppe-analysis.js';
import {
  cutByTile,
  mergeDetections,
  needsTiles,
  tilePlan,
  tileSide,
} from '../../src/core/ppe/face-tiling.js';
import { assemblePersons, bodiesOfFaces } from '../../src/core/ppe/person-assembly.js';
import { groupedSplit } from '../../tools/train/cover/split.js';
import type { FaceDetection } from '../../src/core/face/decode.js';

const face = (x: number, y: number, size: number, score = 0.9): FaceDetection => ({
  box: { x, y, width: size, height: size },
  landmarks: [],
  score,
});
const box = { x: 0, y: 0, width: 10, height: 10 };
const person = (faceCovered: number | null, headCovered: number | null = null): AnalyzedPerson => ({
  box,
  score: 0.9,
  parts: [
    { name: 'FACE', box, score: 0.9, covered: faceCovered },
    { name: 'HEAD', box, score: 0.9, covered: headCovered },
  ],
});

describe('Rekognition-shaped summary', () => {
  it('gives a verdict only when the classifier is at least min-confidence sure, and min-confidence below 50 acts as 50', () => {
    expect(partVerdict(person(0.95).parts[0], 80)).toBe('covered');
    expect(partVerdict(person(0.1).parts[0], 80)).toBe('uncovered');
    expect(partVerdict(person(0.7).parts[0], 80)).toBe('unknown');
    expect(partVerdict(person(0.55).parts[0], 10)).toBe('covered');
    expect(partVerdict(person(null).parts[0], 50)).toBe('unknown');
  });

  it('makes an uncalibrated required type indeterminate, never a guess; a confident miss wins', () => {
    const policy = { required: ['FACE_COVER', 'HEAD_COVER'] as const, minConfidence: 80 };
    expect(personVerdict(person(0.99, null), { ...policy, required: [...policy.required] })).toBe('unknown');
    expect(personVerdict(person(0.01, null), { ...policy, required: [...policy.required] })).toBe(
      'uncovered',
    );
    expect(personVerdict(person(0.99, 0.95), { ...policy, required: [...policy.required] })).toBe('covered');
  });

  it('builds Persons, BodyParts with equipment and the Summary; metrics and record follow', () => {
    const analysis: PpeAnalysis = {
      width: 100,
      height: 50,
      persons: [person(0.99), person(0.02), person(0.6)],
      tiles: 0,
      modelVersion: 'v',
      ms: { faces: 0, cover: 0, hands: 0, people: 0, total: 0 },
    };
    const response = toProtectiveEquipmentResponse(analysis, { required: ['FACE_COVER'], minConfidence: 80 });
    expect(response.Summary).toEqual({
      PersonsWithRequiredEquipment: [0],
      PersonsWithoutRequiredEquipment: [1],
      PersonsIndeterminate: [2],
    });
    expect(response.Persons[0]!.BodyParts[0]!.EquipmentDetections[0]).toMatchObject({
      Type: 'FACE_COVER',
      CoversBodyPart: { Value: true, Confidence: 99 },
    });
    expect(response.Persons[1]!.BodyParts[0]!.EquipmentDetections).toEqual([]);
    expect(response.Persons[0]!.BoundingBox).toEqual({ Left: 0, Top: 0, Width: 0.1, Height: 0.2 });
    const m = complianceMetrics(response.Summary);
    expect(m).toEqual({
      compliant: 1,
      nonCompliant: 1,
      unknown: 1,
      detectedFaces: 2,
      detectedPeople: 3,
      FaceCoverNonCompliant: 1,
      FaceCoverNonCompliantPercentage: 50,
      detectedFaceRate: 66.7,
    });
    expect(complianceRecord('cam', new Date(0), m)).toEqual({
      CameraID: 'cam',
      Timestamp: '1970-01-01T00:00:00.000Z',
      Result: 'non-compliant',
      FaceCoverNonCompliant: 1,
      FaceCoverNonCompliantPercentage: 50,
      detectedFaceRate: 66.7,
      NonCompliant: 1,
    });
    expect(
      complianceRecord(
        'cam',
        new Date(0),
        complianceMetrics({
          PersonsWithRequiredEquipment: [],
          PersonsWithoutRequiredEquipment: [],
          PersonsIndeterminate: [],
        }),
      ).Result,
    ).toBe('nobody');
  });
});

describe('history and exports', () => {
  const rec = (t: string, n: number, pct: number) => ({
    CameraID: 'a,"b"',
    Timestamp: t,
    Result: 'non-compliant' as const,
    FaceCoverNonCompliant: n,
    FaceCoverNonCompliantPercentage: pct,
    detectedFaceRate: 100,
  });
  it('buckets by minute and hour with means', () => {
    const records = [
      rec('2026-01-01T10:00:10Z', 2, 100),
      rec('2026-01-01T10:00:50Z', 0, 0),
      rec('2026-01-01T10:05:00Z', 1, 50),
    ];
    expect(bucketRecords(records, 'minute').map((b) => [b.frames, b.nonCompliant, b.percentage])).toEqual([
      [2, 1, 50],
      [1, 1, 50],
    ]);
    expect(bucketRecords(records, 'hour')).toHaveLength(1);
  });
  it('keeps per-minute sums that chart exactly as every record would, and never more than the window', () => {
    const rand = mulberry32(7);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    // Eight days at one frame every 9 s: more than the week the history keeps.
    const all = Array.from({ length: (8 * 86_400) / 9 }, (_, i) =>
      rec(new Date(t0 + i * 9000).toISOString(), Math.floor(rand() * 4), Math.round(rand() * 100)),
    );
    const history = new MinuteHistory();
    all.forEach((r) => history.add(r));
    expect(history.size).toBeLessThanOrEqual(WEEK_MS / 60_000 + 1);
    const newest = Date.parse(all.at(-1)!.Timestamp);
    const kept = all.filter((r) => Date.parse(r.Timestamp) >= Math.floor(newest / 60_000) * 60_000 - WEEK_MS);
    expect(history.frames).toBe(kept.length);
    for (const unit of ['minute', 'hour', 'day'] as const) {
      const fromMinutes = history.buckets(unit);
      const fromRecords = bucketRecords(kept, unit);
      // The first hour and day straddle the window's edge: their records are only partly kept.
      expect(fromMinutes.slice(1)).toEqual(fromRecords.slice(1));
    }
  });

  it('charts people without the required equipment, not only bare faces (older records: their face count)', () => {
    // A hard-hat site (required HEAD_COVER): two people without a hard hat, no face judged bare.
    const hardHat = { ...rec('2026-01-01T10:00:10Z', 0, 0), NonCompliant: 2 };
    const older = rec('2026-01-01T10:00:20Z', 1, 50); // stored before NonCompliant existed
    expect(bucketRecords([hardHat, older], 'minute').map((b) => b.nonCompliant)).toEqual([1.5]);
    const history = new MinuteHistory();
    [hardHat, older].forEach((r) => history.add(r));
    expect(history.buckets('minute').map((b) => b.nonCompliant)).toEqual([1.5]);
  });

  it('quotes CSV cells and writes one JSON object per line', () => {
    const csv = recordsToCsv([rec('2026-01-01T10:00:10Z', 2, 100)]);
    expect(csv.split('\r\n')[1]).toBe('"a,""b""",2026-01-01T10:00:10Z,non-compliant,2,100,100,');
    const hardHatSite = { ...rec('2026-01-01T10:00:10Z', 0, 0), NonCompliant: 2 };
    expect(recordsToCsv([hardHatSite]).split('\r\n')[1]).toMatch(/,0,0,100,2$/);
    expect(JSON.parse(recordsToJsonLines([rec('t', 1, 1)]).trim()).CameraID).toBe('a,"b"');
  });
});

describe('crowds: tiles and merging', () => {
  it('tiles large frames and crowds, not a 640x480 frame with big faces', () => {
    expect(needsTiles(640, 480, [face(0, 0, 80)])).toBe(false);
    expect(needsTiles(640, 480, [face(0, 0, 30)])).toBe(true);
    expect(
      needsTiles(
        640,
        480,
        Array.from({ length: 16 }, (_, i) => face(i * 40, 0, 60)),
      ),
    ).toBe(true);
    expect(needsTiles(1920, 1080, [])).toBe(true);
  });
  it('covers the frame with overlapping tiles', () => {
    const tiles = tilePlan(1920, 1280);
    expect(tiles.length).toBeGreaterThan(4);
    for (const [x, y] of [
      [0, 0],
      [1919, 1279],
      [960, 640],
    ])
      expect(tiles.some((t) => x! >= t.x && x! < t.x + t.width && y! >= t.y && y! < t.y + t.height)).toBe(
        true,
      );
    expect(tilePlan(640, 480)).toHaveLength(2);
  });
  it('tiles a small frame finer, so a 24-px face reaches about 20 px of the detector’s 256', () => {
    const side = tileSide(640, 480);
    expect((24 * 256) / side).toBeGreaterThanOrEqual(19);
    expect(tileSide(1920, 1080)).toBeGreaterThan(side);
    const tiles = tilePlan(640, 480, side);
    expect(tiles).toHaveLength(6);
    for (const t of tiles) expect(Math.max(t.width, t.height)).toBeLessThanOrEqual(side);
  });
  it('drops faces cut by a tile edge and merges duplicates, with no cap on the count', () => {
    expect(cutByTile(face(500, 10, 20), { x: 0, y: 0, width: 512, height: 512 }, 1920, 1080)).toBe(true);
    expect(cutByTile(face(100, 10, 20), { x: 0, y: 0, width: 512, height: 512 }, 1920, 1080)).toBe(false);
    const many = Array.from({ length: 60 }, (_, i) => face((i % 10) * 50, Math.floor(i / 10) * 50, 40));
    expect(mergeDetections([...many, face(2, 2, 38, 0.5)])).toHaveLength(60);
  });
});

describe('people from faces and hands', () => {
  it('gives each hand to the nearest person, on the person’s own side', () => {
    const persons = assemblePersons(
      {
        faces: [face(100, 100, 50), face(400, 100, 50)],
        faceCovered: [0.9, 0.1],
        headCovered: [null, null],
        hands: [{ box: { x: 170, y: 250, width: 30, height: 30 }, score: 0.8 }],
        handCovered: [null],
        bodies: [],
      },
      480,
    );
    expect(persons[0]!.parts.map((p) => p.name)).toEqual(['FACE', 'HEAD', 'LEFT_HAND']);
    expect(persons[1]!.parts).toHaveLength(2);
  });
});

describe('people from faces and bodies', () => {
  const body = (x: number, y: number, width: number, height: number, score = 0.7) => ({
    box: { x, y, width, height },
    score,
  });

  it('gives a face the body whose head region holds it, one face per body', () => {
    const faces = [face(110, 40, 40), face(420, 60, 40, 0.95)];
    const bodies = [body(380, 30, 130, 400), body(60, 20, 150, 420), body(700, 0, 100, 400)];
    expect(bodiesOfFaces(faces, bodies)).toEqual([1, 0]);
    // A face low in a body box (a hand-held photo, a lap) is not that body's head.
    expect(bodiesOfFaces([face(110, 300, 40)], [body(60, 20, 150, 420)])).toEqual([-1]);
  });

  it('counts a body without a face as a person with no parts, so every required type is indeterminate', () => {
    const persons = assemblePersons(
      {
        faces: [face(110, 40, 40)],
        faceCovered: [0.02],
        headCovered: [null],
        hands: [],
        handCovered: [],
        bodies: [body(60, 20, 150, 420), body(700, 0, 100, 400, 0.6)],
      },
      480,
    );
    expect(persons).toHaveLength(2);
    expect(persons[0]!.box).toEqual({ x: 60, y: 20, width: 150, height: 420 });
    expect(persons[1]!.parts).toEqual([]);
    const response = toProtectiveEquipmentResponse({
      width: 800,
      height: 480,
      persons,
      tiles: 0,
      modelVersion: 't',
      ms: { faces: 0, cover: 0, hands: 0, people: 0, total: 0 },
    });
    expect(response.Summary).toEqual({
      PersonsWithRequiredEquipment: [],
      PersonsWithoutRequiredEquipment: [0],
      PersonsIndeterminate: [1],
    });
  });
});

describe('training split', () => {
  it('keeps linked photos on one side', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    const links: [number, number][] = keys
      .map((_, i) => [i, (i + 1) % 200] as [number, number])
      .filter((_, i) => i % 2 === 0);
    const { train, validation } = groupedSplit({ keys, links }, 0.2, 1);
    expect(validation.length).toBeGreaterThan(10);
    for (const [a, b] of links) expect(validation.includes(a)).toBe(validation.includes(b));
    expect(train.length + validation.length).toBe(200);
  });
});
