/**
 * The match view: query and result side by side in one SVG, a line between
 * each pair of points the verified geometry agrees on. Keypoints are in each
 * image's own pixels; both images are drawn at a common height.
 */
import { svg } from 'lit';
import type { PointPair } from '../../core/retrieval/affine-ransac.js';

export interface MatchSide {
  url: string;
  width: number;
  height: number;
}

const HEIGHT = 240;
const GAP = 16;

export function matchView(query: MatchSide, result: MatchSide, pairs: readonly PointPair[], label: string) {
  const qs = HEIGHT / query.height;
  const rs = HEIGHT / result.height;
  const qw = query.width * qs;
  const rw = result.width * rs;
  const width = qw + GAP + rw;
  return svg`<svg part="match-view" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label=${label}>
    <image href=${query.url} x="0" y="0" width=${qw} height=${HEIGHT} preserveAspectRatio="none"></image>
    <image href=${result.url} x=${qw + GAP} y="0" width=${rw} height=${HEIGHT} preserveAspectRatio="none"></image>
    <g class="inliers">
      ${pairs.map(([x, y, u, v]) => svg`<line x1=${x * qs} y1=${y * qs} x2=${qw + GAP + u * rs} y2=${v * rs}></line><circle cx=${x * qs} cy=${y * qs} r="2.5"></circle><circle cx=${qw + GAP + u * rs} cy=${v * rs} r="2.5"></circle>`)}
    </g>
  </svg>`;
}
