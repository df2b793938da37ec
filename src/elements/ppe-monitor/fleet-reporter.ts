/**
 * Fleet reporting for `<ppe-monitor report-url=…>`: each frame's row (counts
 * only, never an image) goes into an IndexedDB queue first; every few seconds
 * the oldest are posted to ClickHouse in one batch and leave the queue only
 * once it has answered 200. A failure (engine down, kiosk offline) waits
 * longer each time, up to 30 s, and going back online tries at once. Each row
 * carries a record id made once, so a batch sent again after a lost answer is
 * collapsed by the table (fleet/schema.sql), never counted twice.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ComplianceMetrics, ComplianceRecord } from '../../core/ppe/compliance-metrics.js';
import { fleetRow, insertBody, recordId, retryDelay } from '../../core/fleet/fleet-row.js';
import { postClickHouse } from '../../page/clickhouse-http.js';
import { messageOf } from '../../shared/errors.js';
import { FleetOutbox } from './fleet-outbox.js';

/** Rows per POST: one insert per batch keeps ClickHouse's parts few. */
const BATCH = 500;
const TIMEOUT_MS = 15_000;

export interface ReportOptions {
  /** The ClickHouse HTTP URL (with the kiosk's credentials), or '' when not reporting. */
  url: () => string;
  table: () => string;
  camera: () => string;
  /** Seconds between deliveries while the engine answers. */
  every: () => number;
  retentionMs: () => number;
}

export interface ReportState {
  queued: number;
  /** ms since the epoch of the last accepted batch, 0 before the first. */
  deliveredAt: number;
  delivered: number;
  /** Why the last try failed, '' when it did not. */
  failure: string;
  /** ms since the epoch of the next try, 0 when none is planned. */
  nextTry: number;
}

export class FleetReporter implements ReactiveController {
  state: ReportState = { queued: 0, deliveredAt: 0, delivered: 0, failure: '', nextTry: 0 };
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending = false;
  private connected = false;
  private readonly online = () => this.schedule(0);

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ReportOptions,
    private readonly outbox = new FleetOutbox(),
  ) {
    host.addController(this);
  }

  get enabled(): boolean {
    return this.options.url().trim() !== '';
  }

  hostConnected(): void {
    this.connected = true;
    addEventListener('online', this.online);
    void this.restart();
  }

  hostDisconnected(): void {
    this.connected = false;
    removeEventListener('online', this.online);
    clearTimeout(this.timer);
  }

  /** The URL, table or camera changed: the queue is read again and sending starts over. */
  async restart(): Promise<void> {
    clearTimeout(this.timer);
    this.failures = 0;
    this.set({ failure: '', nextTry: 0 });
    if (!this.enabled || !this.connected) return;
    const camera = this.options.camera();
    await this.outbox.dropBefore(camera, Date.now() - this.options.retentionMs()).catch(() => 0);
    await this.count();
    this.schedule(0);
  }

  /** Queues one frame's row; it is sent with the next batch. */
  async add(record: ComplianceRecord, metrics: ComplianceMetrics): Promise<void> {
    if (!this.enabled) return;
    const time = Date.parse(record.Timestamp);
    const id = recordId(record.CameraID, time, crypto.getRandomValues(new Uint32Array(2)));
    await this.outbox.add(fleetRow(record, metrics, id));
    this.set({ queued: this.state.queued + 1 });
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.enabled || !this.connected) return;
    this.set({ nextTry: Date.now() + ms });
    this.timer = setTimeout(() => void this.deliver(), ms);
  }

  private async deliver(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      const left = await this.sendBatch();
      this.failures = 0;
      this.schedule(left > 0 ? 0 : this.options.every() * 1000);
    } catch (error) {
      this.failures++;
      this.set({ failure: messageOf(error) });
      this.schedule(retryDelay(this.failures, Math.random()));
    } finally {
      this.sending = false;
    }
  }

  /** Sends the oldest batch; returns how many rows are still queued. */
  private async sendBatch(): Promise<number> {
    const batch = await this.outbox.oldest(this.options.camera(), BATCH);
    if (batch.length) {
      const body = insertBody(
        this.options.table(),
        batch.map((q) => q.row),
      );
      await postClickHouse(this.options.url(), body, AbortSignal.timeout(TIMEOUT_MS));
      await this.outbox.remove(batch.map((q) => q.key));
      this.set({ deliveredAt: Date.now(), delivered: this.state.delivered + batch.length, failure: '' });
    }
    return this.count();
  }

  private async count(): Promise<number> {
    const queued = await this.outbox.count(this.options.camera()).catch(() => this.state.queued);
    this.set({ queued });
    return queued;
  }

  private set(change: Partial<ReportState>): void {
    this.state = { ...this.state, ...change };
    this.host.requestUpdate();
  }
}

const clock = (ms: number) => new Date(ms).toLocaleTimeString();

/** The monitor's line about reporting: the queue and the last delivery, or why it is waiting. */
export function reportLine(reporter: FleetReporter) {
  if (!reporter.enabled) return nothing;
  const s = reporter.state;
  const delivered = s.deliveredAt ? `last delivery ${clock(s.deliveredAt)}` : 'nothing delivered yet';
  const waiting = s.failure
    ? html` · <span class="report-failure">not delivered: ${s.failure}; trying again at ${clock(s.nextTry)}</span>`
    : nothing;
  return html`<p part="report" class="report">
    Fleet reporting: <strong>${s.queued}</strong> record${s.queued === 1 ? '' : 's'} waiting · ${delivered}${waiting}
  </p>`;
}
