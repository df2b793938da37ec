/**
 * The dashboard's time chart, drawn by uPlot (MIT, ~50 KB, canvas): bars for
 * the people without the required equipment per analysed frame (mean over
 * the bucket, left axis) and a line for the share of people without a face
 * cover (0–100 %, right axis). uPlot gives readable time ticks at every
 * zoom, a legend, and the values under the cursor, which a hand-drawn chart
 * did not (issue 18); it is small enough for a kiosk and draws no DOM per
 * point.
 */
import { css, unsafeCSS } from 'lit';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import { type BucketUnit, type HistoryBucket, breakAtGaps } from '../../core/ppe/history-buckets.js';
import { customProperties } from '../base/custom-properties.js';

/** uPlot's own styles, and the chart container's, for every element that draws one. */
export const chartStyles = [
  unsafeCSS(uPlotCss),
  css`
    .chart {
      width: 100%;
      min-width: 0;
      font-size: 0.8rem;
    }
    .chart .u-legend {
      text-align: start;
    }
  `,
];

const HEIGHT = 220;
/** The newest buckets shown: two days of hours, a day's worth of minutes at most. */
const SHOWN = 60;

export interface ChartColours {
  count: string;
  percentage: string;
  text: string;
}

/** The chart's colours from the element's custom properties, so a host's theme reaches the canvas. */
export function chartColours(element: Element): ChartColours {
  const read = customProperties(element);
  return {
    count: read('--ppe-non-compliant', '#dc2626'),
    percentage: read('--ml-accent', '#2563eb'),
    text: read('color', '#222'),
  };
}

/** uPlot's columns: bucket starts in seconds, mean people without equipment, percentage; nulls break the line. */
export function historySeries(buckets: readonly HistoryBucket[], unit: BucketUnit): uPlot.AlignedData {
  const points = breakAtGaps(buckets.slice(-SHOWN), unit);
  return [
    points.map((p) => p.start / 1000),
    points.map((p) => p.nonCompliant),
    points.map((p) => p.percentage),
  ];
}

/** The x range in seconds: the buckets shown, half a bucket either side, and at least 12 buckets wide. */
export function bucketRange(starts: ArrayLike<number>, step: number): uPlot.Range.MinMax {
  const first = starts[0] ?? 0;
  const last = starts[starts.length - 1] ?? first;
  return [Math.min(first, last - 11 * step) - step / 2, last + step / 2];
}

const UNIT_SECONDS: Record<BucketUnit, number> = { minute: 60, hour: 3600, day: 86_400 };

/** A chart's size and detail: the fleet dashboard's per-camera charts are compact (no axis titles, no legend). */
export interface ChartLook {
  height: number;
  compact: boolean;
}

function options(width: number, look: ChartLook, unit: BucketUnit, colours: ChartColours): uPlot.Options {
  const step = UNIT_SECONDS[unit];
  const axis = { stroke: colours.text, grid: { stroke: 'rgb(128 128 128 / 0.2)' }, font: '12px system-ui' };
  return {
    width,
    height: look.height,
    scales: {
      // From the data, at least 12 buckets wide: uPlot gives a single point a span of 1000 days.
      x: { time: true, range: (u) => bucketRange(u.data[0], step) },
      pct: { range: [0, 100] },
      count: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [
      { ...axis, space: 70 },
      {
        ...axis,
        scale: 'count',
        label: look.compact ? undefined : 'people per frame',
        labelFont: '12px system-ui',
        size: 44,
      },
      {
        ...axis,
        scale: 'pct',
        side: 1,
        label: look.compact ? undefined : '% without a face cover',
        labelFont: '12px system-ui',
        size: 44,
        grid: { show: false },
        values: (_u, ticks) => ticks.map((t) => `${t}%`),
      },
    ],
    series: [
      { label: unit === 'day' ? 'Day' : 'Time' },
      {
        label: 'Without equipment (per frame)',
        scale: 'count',
        stroke: colours.count,
        fill: colours.count,
        paths: uPlot.paths.bars!({ size: [0.7, 40] }),
        points: { show: false },
        value: (_u, v) => (v == null ? '–' : v.toFixed(2)),
      },
      {
        label: 'Without a face cover',
        scale: 'pct',
        stroke: colours.percentage,
        width: 2,
        value: (_u, v) => (v == null ? '–' : `${v}%`),
      },
    ],
    legend: { show: !look.compact, live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

/** One uPlot chart kept in a container of the element's shadow root, redrawn when the buckets change. */
export class HistoryChart {
  private plot: uPlot | null = null;
  private container: HTMLElement | null = null;
  private unit: BucketUnit | null = null;
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(private readonly look: ChartLook = { height: HEIGHT, compact: false }) {}

  update(
    container: HTMLElement | null,
    buckets: readonly HistoryBucket[],
    unit: BucketUnit,
    /** Read only when the chart is (re)made: the computed style is not read on every render. */
    colours: () => ChartColours,
  ): void {
    if (!container || !buckets.length) return this.destroy();
    const data = historySeries(buckets, unit);
    if (this.plot && this.container === container && this.unit === unit) return this.plot.setData(data);
    this.destroy();
    [this.container, this.unit] = [container, unit];
    this.plot = new uPlot(options(this.width(), this.look, unit, colours()), data, container);
    this.resize.observe(container);
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot?.destroy();
    [this.plot, this.container, this.unit] = [null, null, null];
  }

  private width(): number {
    return Math.max(240, Math.floor(this.container?.clientWidth ?? 480));
  }

  private fit(): void {
    if (this.plot && this.plot.width !== this.width())
      this.plot.setSize({ width: this.width(), height: this.look.height });
  }
}
