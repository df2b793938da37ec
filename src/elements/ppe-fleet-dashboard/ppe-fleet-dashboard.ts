import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  type CameraSeries,
  type RollupRow,
  rollupSeries,
  rollupSql,
} from '../../core/fleet/fleet-rollups.js';
import type { BucketUnit } from '../../core/ppe/history-buckets.js';
import { queryClickHouse } from '../../page/clickhouse-http.js';
import { messageOf } from '../../shared/errors.js';
import { VisibilityController } from '../base/visibility-controller.js';
import { HistoryChart, chartColours } from '../ppe-monitor/history-chart.js';
import { camerasTable, seenAt, seriesCard, unitPicker } from './fleet-views.js';
import { styles } from './ppe-fleet-dashboard.styles.js';

export interface FleetUpdateDetail {
  site: CameraSeries;
  cameras: CameraSeries[];
  unit: BucketUnit;
}

declare global {
  interface HTMLElementTagNameMap {
    'ppe-fleet-dashboard': PpeFleetDashboard;
  }
  interface HTMLElementEventMap {
    'ml-fleet-update': CustomEvent<FleetUpdateDetail>;
  }
}

/** Per camera: small, no axis titles and no legend (the site's chart above has them). */
const CAMERA_CHART = { height: 150, compact: true };

/**
 * @summary A safety team's view of many `<ppe-monitor report-url>` cameras: per camera and for the whole site, people without a face cover and their share over time, read from ClickHouse.
 *
 * @fires ml-fleet-update - After each read of the fleet. `detail`: {@link FleetUpdateDetail} (the site's and each camera's series).
 *
 * @csspart controls - The unit picker, the refresh button and when the numbers were read.
 * @csspart table - Per camera and for the site: frames, people without a face cover, the share, the last record.
 * @csspart chart - A time chart (uPlot, as the monitor's): bars per frame, a line for the share.
 * @csspart error - Why the fleet could not be read; the last numbers stay.
 *
 * @cssprop --ppe-non-compliant - Colour of the counts and bars of people without a face cover.
 * @cssprop --ml-accent - Colour of the percentage line and the focus ring.
 * @cssprop --ml-error - Error text colour.
 */
@customElement('ppe-fleet-dashboard')
export class PpeFleetDashboard extends LitElement {
  static override styles = styles;

  /**
   * ClickHouse HTTP URL with a read-only credential, e.g. `https://ch.example:8443/?user=dashboard&password=…`
   * (see docs/fleet.md).
   */
  @property({ attribute: 'source-url' }) sourceUrl = '';
  /** Camera ids to show, comma or space separated, in this order; empty shows every camera that reported. */
  @property() cameras = '';
  /** Table the rows are read from. */
  @property() table = 'fleet.records';
  /** `minute` (last 24 hours), `hour` (last 7 days) or `day` (last 31 days). */
  @property() unit: BucketUnit = 'minute';
  /** Seconds between reads while the dashboard is on screen. */
  @property({ type: Number }) refresh = 30;

  @state() private site: CameraSeries | null = null;
  @state() private series: CameraSeries[] = [];
  @state() private error = '';
  @state() private readAt = 0;
  @state() private reading = false;

  private readonly visibility = new VisibilityController(this, (shown) => shown && this.poll());
  private readonly charts = new Map<string, HistoryChart>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** The camera ids asked for, in order. */
  get cameraIds(): string[] {
    return this.cameras.split(/[\s,]+/).filter(Boolean);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
  }

  /** Reads the roll-ups now; resolves when they are shown (or the error is). */
  async read(): Promise<void> {
    if (!this.sourceUrl) return;
    this.reading = true;
    try {
      const sql = rollupSql({ table: this.table, unit: this.unit, cameras: this.cameraIds, now: Date.now() });
      const rows = await queryClickHouse<RollupRow>(this.sourceUrl, sql, AbortSignal.timeout(30_000));
      const { site, cameras } = rollupSeries(rows, this.cameraIds);
      [this.site, this.series, this.readAt, this.error] = [site, cameras, Date.now(), ''];
      this.dispatchEvent(
        new CustomEvent('ml-fleet-update', {
          detail: { site, cameras, unit: this.unit },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      this.error = `The fleet could not be read: ${messageOf(error)}`;
    } finally {
      this.reading = false;
    }
  }

  /** Reads, then again every `refresh` seconds while shown. */
  private poll(): void {
    clearTimeout(this.timer);
    void this.read().finally(() => {
      if (this.visibility.shown && this.isConnected)
        this.timer = setTimeout(() => this.poll(), Math.max(5, this.refresh) * 1000);
    });
  }

  protected override updated(changed: PropertyValues): void {
    const asked = ['sourceUrl', 'cameras', 'table', 'unit'].some(
      (k) => changed.has(k) && changed.get(k) !== undefined,
    );
    if (asked && this.visibility.shown) this.poll();
    this.drawCharts();
  }

  private drawCharts(): void {
    const all = this.site ? [this.site, ...this.series] : [];
    const seen = new Set<string>();
    for (const s of all) {
      const key = s === this.site ? '\u0000site' : s.camera;
      seen.add(key);
      const container = this.renderRoot.querySelector<HTMLElement>(
        s === this.site ? '.site .chart' : `.chart[data-series="${CSS.escape(s.camera)}"]`,
      );
      if (!this.charts.has(key))
        this.charts.set(key, new HistoryChart(s === this.site ? undefined : CAMERA_CHART));
      this.charts.get(key)!.update(container, s.buckets, this.unit, () => chartColours(this));
    }
    for (const [key, chart] of this.charts)
      if (!seen.has(key)) {
        chart.destroy();
        this.charts.delete(key);
      }
  }

  private renderBody() {
    if (!this.sourceUrl)
      return html`<p class="empty">Set <code>source-url</code> to ClickHouse's HTTP address with a read-only user; see the fleet guide.</p>`;
    if (!this.site)
      return html`<p class="empty">${this.reading ? 'Reading the fleet…' : 'No numbers yet.'}</p>`;
    return html`<div class="table-wrap">${camerasTable(this.site, this.series, this.unit)}</div>
      <div class="cards">
        ${seriesCard(this.site, 'Whole site', this.unit, 'site')}
        ${this.series.map((s) => seriesCard(s, `Camera ${s.camera}`, this.unit))}
      </div>`;
  }

  override render() {
    if (!this.sourceUrl) return html`<div class="layout">${this.renderBody()}</div>`;
    return html`<div class="layout">
      <div part="controls" class="head">
        ${unitPicker(this.unit, (unit) => (this.unit = unit))}
        <button @click=${() => this.poll()} ?disabled=${this.reading}>Refresh</button>
        <span class="updated" role="status">${this.readAt ? `Read at ${seenAt(this.readAt)}` : ''}</span>
      </div>
      ${this.error ? html`<div part="error" role="alert">${this.error}</div>` : nothing}
      ${this.renderBody()}
    </div>`;
  }
}
