/**
 * The whole head turning toward the viewer, from one portrait: FaceMesh's 3-D
 * points are rotated about an axis behind the face and projected back (straight on,
 * as a painting is seen), and the picture is warped triangle by triangle so
 * face, nose, mouth and eyes move together. A ring of fixed points around the
 * face closes the triangulation, so the displacement fades to nothing before
 * the hair, neck and background: the warp is continuous and leaves no seam.
 * Triangles are drawn far to near, those the turn flips over are skipped (the
 * side of the nose that turns away), so the near side covers them.
 *
 * Written by hand (in plain numbers, so it runs in Node and in the worker):
 * a few hundred triangles over the head's pixels take about 15 ms per frame
 * on the CPU, without a GPU context to create and lose.
 */
import Delaunator from 'delaunator';
import type { Point, Rect } from '../../shared/geometry.js';
import { type RgbaImage, bilinear } from './rgba-image.js';

export interface HeadMesh {
  /** Mesh points in image pixels. */
  points: Point[];
  /** Each point's depth toward the viewer from the head's centre, image pixels. */
  depth: number[];
}

export interface HeadTurnPlan {
  /** Source position of every vertex: the mesh points, then the fixed ring. */
  source: Float64Array;
  depth: Float64Array;
  /** How much of its turn each vertex makes: 1 in the face, fading to 0 at the ring. */
  weight: Float64Array;
  /** How many vertices move (the mesh points kept); the rest are the ring. */
  moving: number;
  triangles: Uint32Array;
  /** Each vertex's neighbours in the triangulation. */
  neighbours: number[][];
  /** Centre of the rotation in the picture (the ring's middle). */
  centre: Point;
  /** The ring of fixed points: nothing outside it changes. */
  ring: Point[];
  bounds: Rect;
}

/** Degrees of turn: yaw about the vertical axis (positive turns the face to image-right), pitch (positive down). */
export interface HeadPose {
  yaw: number;
  pitch: number;
}

const RING_POINTS = 48;
/** Mesh points beyond this share of the ring's radius are left out: they would crowd the ring. */
const KEEP_WITHIN = 0.95;
/** The displacement is whole inside this share of the ring's radius and fades to nothing at the ring. */
const FEATHER_FROM = 0.65;

/** The depth the head turns about: its farthest mesh points (the 5th percentile, so one stray point cannot set it). */
function pivotDepth(depth: number[]): number {
  const sorted = [...depth].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.05)]!;
}

/**
 * The triangulated mesh inside `limit` (nothing outside it changes; the ring is the ellipse inscribed in
 * it). Delaunay triangulation of all points (the `delaunator` package) stands in for FaceMesh's own
 * triangle list, since the ring's triangles are needed too.
 */
export function planHeadTurn(mesh: HeadMesh, limit: Rect): HeadTurnPlan {
  if (mesh.points.length !== mesh.depth.length || mesh.points.length < 3)
    throw new Error('a head turn needs mesh points with their depths');
  const rx = limit.width / 2;
  const ry = limit.height / 2;
  const cx = limit.x + rx;
  const cy = limit.y + ry;
  const radius = (p: Point) => Math.hypot((p[0] - cx) / rx, (p[1] - cy) / ry);
  const pivot = pivotDepth(mesh.depth);
  const kept = mesh.points
    .map((p, i) => ({ p, d: mesh.depth[i]! - pivot }))
    .filter((v) => radius(v.p) < KEEP_WITHIN);
  const ring: Point[] = [];
  for (let i = 0; i < RING_POINTS; i++) {
    const a = (i / RING_POINTS) * Math.PI * 2;
    ring.push([cx + Math.cos(a) * rx, cy + Math.sin(a) * ry]);
  }
  const source = new Float64Array([...kept.map((v) => v.p), ...ring].flat());
  const triangles = new Delaunator(source).triangles;
  const weight = new Float64Array(kept.length + ring.length);
  kept.forEach((v, i) => (weight[i] = smoothFade(radius(v.p))));
  return {
    source,
    depth: new Float64Array([...kept.map((v) => v.d), ...ring.map(() => 0)]),
    weight,
    moving: kept.length,
    triangles,
    neighbours: neighbourLists(triangles, kept.length + ring.length),
    centre: [cx, cy],
    ring,
    bounds: {
      x: Math.floor(limit.x),
      y: Math.floor(limit.y),
      width: Math.ceil(limit.x + limit.width) - Math.floor(limit.x),
      height: Math.ceil(limit.y + limit.height) - Math.floor(limit.y),
    },
  };
}

/** 1 inside FEATHER_FROM of the ring's radius, 0 at the ring, smooth between. */
function smoothFade(radius: number): number {
  const t = Math.min(1, Math.max(0, (1 - radius) / (1 - FEATHER_FROM)));
  return t * t * (3 - 2 * t);
}

/**
 * Where every vertex goes for a pose: the mesh rotated about the head's axis (behind the face, at its
 * farthest points) and seen straight on again, each move scaled by the vertex's weight. The ring stays put.
 */
export function turnedVertices(
  plan: HeadTurnPlan,
  pose: HeadPose,
): { position: Float64Array; depth: Float64Array } {
  const yaw = (pose.yaw * Math.PI) / 180;
  const pitch = (pose.pitch * Math.PI) / 180;
  // Moves first (the ring's are 0), positions after smoothing.
  const position = new Float64Array(plan.source.length);
  const depth = plan.depth.slice();
  const [cx, cy] = plan.centre;
  for (let i = 0; i < plan.moving; i++) {
    const x = plan.source[i * 2]! - cx;
    const y = plan.source[i * 2 + 1]! - cy;
    const d = plan.depth[i]!;
    // Yaw: the near side moves toward the turn. Pitch: then the same about the horizontal axis.
    const x1 = x * Math.cos(yaw) + d * Math.sin(yaw);
    const d1 = -x * Math.sin(yaw) + d * Math.cos(yaw);
    const y2 = y * Math.cos(pitch) + d1 * Math.sin(pitch);
    const d2 = -y * Math.sin(pitch) + d1 * Math.cos(pitch);
    const w = plan.weight[i]!;
    position[i * 2] = w * (x1 - x);
    position[i * 2 + 1] = w * (y2 - y);
    depth[i] = d2;
  }
  smoothMoves(position, plan);
  for (let i = 0; i < position.length; i++) position[i]! += plan.source[i]!;
  return { position, depth };
}

/** Rounds of neighbour averaging of the moves: see smoothMoves. */
const SMOOTHING_ROUNDS = 6;

/**
 * Where the face's edge turns away from the viewer its depth changes fast, and the moves of neighbouring
 * points differ a lot: the skin between them would be stretched in streaks. Averaging each point's move
 * with its neighbours' (over the triangulation; the ring stays still) spreads the stretch.
 */
function smoothMoves(moves: Float64Array, plan: HeadTurnPlan): void {
  for (let round = 0; round < SMOOTHING_ROUNDS; round++) {
    const before = moves.slice();
    for (let i = 0; i < plan.moving; i++) {
      const around = plan.neighbours[i]!;
      for (const axis of [0, 1]) {
        let sum = 0;
        for (const n of around) sum += before[n * 2 + axis]!;
        moves[i * 2 + axis] = 0.5 * before[i * 2 + axis]! + (0.5 * sum) / around.length;
      }
    }
  }
}

function neighbourLists(triangles: Uint32Array, count: number): number[][] {
  const sets = Array.from({ length: count }, () => new Set<number>());
  for (let t = 0; t < triangles.length; t += 3)
    for (let k = 0; k < 3; k++) {
      const a = triangles[t + k]!;
      sets[a]!.add(triangles[t + ((k + 1) % 3)]!).add(triangles[t + ((k + 2) % 3)]!);
    }
  return sets.map((s) => [...s]);
}

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** Twice the signed area of the triangle of vertices a, b, c in flat [x, y, …] coordinates. */
const signedArea = (xy: Float64Array, a: number, b: number, c: number) =>
  cross(xy[a * 2]!, xy[a * 2 + 1]!, xy[b * 2]!, xy[b * 2 + 1]!, xy[c * 2]!, xy[c * 2 + 1]!);

/** Triangle indices, farthest first, without those the turn flipped over (they face away now). */
function drawOrder(plan: HeadTurnPlan, position: Float64Array, depth: Float64Array): number[] {
  const order: { t: number; depth: number }[] = [];
  const { triangles, source } = plan;
  for (let t = 0; t < triangles.length / 3; t++) {
    const [a, b, c] = [triangles[t * 3]!, triangles[t * 3 + 1]!, triangles[t * 3 + 2]!];
    const before = signedArea(source, a, b, c);
    const after = signedArea(position, a, b, c);
    if (Math.sign(before) !== Math.sign(after) || Math.abs(after) < 1e-9) continue;
    order.push({ t, depth: depth[a]! + depth[b]! + depth[c]! });
  }
  return order.sort((p, q) => p.depth - q.depth).map((o) => o.t);
}

/**
 * Draws the turned head into `out` (the same size and place as `image`, which `origin` locates in the
 * picture): each destination pixel inside a triangle samples the source at the matching point of the
 * triangle's original place.
 */
export function warpHead(
  image: RgbaImage,
  out: RgbaImage,
  origin: Point,
  plan: HeadTurnPlan,
  pose: HeadPose,
): void {
  const { position, depth } = turnedVertices(plan, pose);
  for (const t of drawOrder(plan, position, depth)) {
    const ids = [plan.triangles[t * 3]!, plan.triangles[t * 3 + 1]!, plan.triangles[t * 3 + 2]!];
    const to = ids.map((i): Point => [position[i * 2]! - origin[0], position[i * 2 + 1]! - origin[1]]);
    const from = ids.map((i): Point => [
      plan.source[i * 2]! - origin[0],
      plan.source[i * 2 + 1]! - origin[1],
    ]);
    fillTriangle(image, out, to as [Point, Point, Point], from as [Point, Point, Point]);
  }
}

/** Fills the pixels whose centres lie in `to`, sampling `image` at the same barycentric point of `from`. */
function fillTriangle(
  image: RgbaImage,
  out: RgbaImage,
  to: [Point, Point, Point],
  from: [Point, Point, Point],
): void {
  const [p0, p1, p2] = to;
  const area = cross(p0[0], p0[1], p1[0], p1[1], p2[0], p2[1]);
  const x0 = Math.max(0, Math.floor(Math.min(p0[0], p1[0], p2[0])));
  const x1 = Math.min(out.width - 1, Math.ceil(Math.max(p0[0], p1[0], p2[0])));
  const y0 = Math.max(0, Math.floor(Math.min(p0[1], p1[1], p2[1])));
  const y1 = Math.min(out.height - 1, Math.ceil(Math.max(p0[1], p1[1], p2[1])));
  const slack = -1e-6 * Math.abs(area);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const w0 = cross(p1[0], p1[1], p2[0], p2[1], px, py) / area;
      const w1 = cross(p2[0], p2[1], p0[0], p0[1], px, py) / area;
      const w2 = 1 - w0 - w1;
      if (w0 < slack || w1 < slack || w2 < slack) continue;
      const sx = w0 * from[0][0] + w1 * from[1][0] + w2 * from[2][0];
      const sy = w0 * from[0][1] + w1 * from[1][1] + w2 * from[2][1];
      const o = (y * out.width + x) * 4;
      for (let c = 0; c < 3; c++) out.data[o + c] = bilinear(image, sx - 0.5, sy - 0.5, c);
    }
  }
}

/**
 * The head's own turn in the portrait, degrees (positive: its face turned to image-right), from the depth
 * difference between the outer eye corners: a face turned far shows one side, and a mesh turned further
 * would show what the painting never did.
 */
export function portraitYaw(mesh: HeadMesh, corners: [number, number] = [33, 263]): number {
  const [a, b] = corners.map((i) => [mesh.points[i]!, mesh.depth[i]!] as const) as [
    readonly [Point, number],
    readonly [Point, number],
  ];
  return (Math.atan2(a[1] - b[1], b[0][0] - a[0][0]) * 180) / Math.PI;
}

/** The smallest face (BlazeFace box width, portrait pixels) whose head is turned. */
export const MIN_TURN_FACE = 120;
/** The largest turn of the portrait's own head for which its head is turned further. */
export const MAX_PORTRAIT_YAW = 30;

/** Why the head cannot turn in this portrait (only the eyes move then), or null when it can. */
export function headTurnRefusal(faceWidth: number, mesh: HeadMesh): string | null {
  const width = Math.round(faceWidth);
  if (width < MIN_TURN_FACE)
    return `The face is ${width} px wide, too small to turn the head (it needs ${MIN_TURN_FACE} px): only the eyes move.`;
  const yaw = Math.round(portraitYaw(mesh));
  if (Math.abs(yaw) > MAX_PORTRAIT_YAW)
    return `The face is turned about ${Math.abs(yaw)}° away, too far to turn the head (at most ${MAX_PORTRAIT_YAW}°): only the eyes move.`;
  return null;
}
