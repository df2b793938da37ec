/** The pure parts of training and scoring cover heads: source groups, labelled boxes, scene matching. */
import { describe, expect, it } from 'vitest';
import { csvFields, sameSourceLinks, sourceOfFile } from '../../tools/train/cover/source-groups.js';
import { labelledBox } from '../../tools/train/cover/cover-examples.js';
import {
  type FoundPart,
  emptyScore,
  matchParts,
  scoreImage,
  summary,
  truthBoxes,
} from '../../tools/eval/scene-truth.js';

describe('source groups from manifest.csv', () => {
  it('reads quoted fields and links crops of one source photo', () => {
    expect(csvFields('a,"1,2",b')).toEqual(['a', '1,2', 'b']);
    expect(csvFields('"say ""hi""",x')).toEqual(['say "hi"', 'x']);
    const csv = [
      'file,class,repo,commit,source_path,source_box_x1y1x2y2',
      'heads/helmet/a.jpg,heads/helmet,r1,c,img/1.jpg,"1,2,3,4"',
      'heads/no_helmet/b.jpg,heads/no_helmet,r1,c,img/1.jpg,"5,6,7,8"',
      'heads/helmet/c.jpg,heads/helmet,r2,c,img/1.jpg,"1,2,3,4"',
    ].join('\n');
    const sources = sourceOfFile(csv);
    expect(sources.get('heads/helmet/a.jpg')).toBe('r1:img/1.jpg');
    expect(sources.get('heads/helmet/c.jpg')).toBe('r2:img/1.jpg');
    const keys = ['heads/helmet/a.jpg', 'heads/no_helmet/b.jpg', 'heads/helmet/c.jpg', 'other.jpg'];
    expect(sameSourceLinks(keys.map((k) => sources.get(k)))).toEqual([[0, 1]]);
  });

  it('takes the labelled box from inside the crop’s 15% margin', () => {
    const box = labelledBox(130, 260);
    expect(box.width).toBeCloseTo(100);
    expect(box.height).toBeCloseTo(200);
    expect(box.x).toBeCloseTo(15);
    expect(box.y).toBeCloseTo(30);
  });
});

describe('PPE scenes: truth and matching', () => {
  it('reads both truth layouts and ignores unknown labels', () => {
    const rows = [
      ['helmet', 0, 0, 10, 10],
      ['person', 0, 0, 50, 50],
      ['mask_weared_incorrect', 20, 20, 50, 50],
    ];
    expect(truthBoxes(rows)).toEqual([
      { kind: 'heads', covered: true, box: { x: 0, y: 0, width: 10, height: 10 } },
      { kind: 'faces', covered: false, box: { x: 20, y: 20, width: 30, height: 30 } },
    ]);
    expect(truthBoxes({ boxes: rows })).toHaveLength(2);
    expect(truthBoxes('nonsense')).toEqual([]);
  });

  it('matches each truth box to at most one part, best overlap first', () => {
    const truth = [
      { x: 0, y: 0, width: 10, height: 10 },
      { x: 100, y: 0, width: 10, height: 10 },
    ];
    const parts = [
      { x: 1, y: 1, width: 10, height: 10 }, // good overlap with truth 0
      { x: 2, y: 2, width: 4, height: 4 }, // centre inside truth 0, but truth 0 is taken
      { x: 300, y: 0, width: 10, height: 10 }, // nothing
    ];
    expect(matchParts(truth, parts)).toEqual([[0, 0]]);
  });

  it('scores recall, verdicts ("unknown" is wrong) and extra parts; small faces count neither way', () => {
    const score = emptyScore();
    const truth = truthBoxes([
      ['helmet', 0, 0, 30, 30],
      ['no_helmet', 100, 0, 130, 30],
      ['no_helmet', 200, 0, 230, 30],
      ['without_mask', 300, 0, 310, 10], // 10 px: too small to count
    ]);
    const part = (x: number, kind: FoundPart['kind'], verdict: FoundPart['verdict']): FoundPart => ({
      kind,
      box: { x, y: 0, width: 30, height: 30 },
      verdict,
    });
    const heads = [part(0, 'heads', 'covered'), part(100, 'heads', 'unknown'), part(500, 'heads', 'covered')];
    const misses = scoreImage(
      score,
      truth.filter((t) => t.kind === 'heads'),
      heads,
    );
    expect(misses.map((m) => [m.truth.box.x, m.part.verdict])).toEqual([[100, 'unknown']]);
    expect(summary(score)).toEqual({ truth: 3, found: 2, recall: 0.6667, verdictAccuracy: 0.5, extra: 1 });
    expect(score.confusion).toEqual({ tp: 1, fp: 0, tn: 0, fn: 0, unknown: 1 });
    const faces = emptyScore();
    scoreImage(
      faces,
      truth.filter((t) => t.kind === 'faces'),
      [{ kind: 'faces', box: { x: 301, y: 1, width: 10, height: 10 }, verdict: 'uncovered' }],
    );
    expect(summary(faces)).toMatchObject({ truth: 0, found: 0, extra: 0 });
  });
});
