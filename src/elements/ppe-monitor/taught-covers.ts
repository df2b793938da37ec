/**
 * Teach mode (site adaptation): the examples an operator showed for head and
 * hand covers at this site, kept in IndexedDB, and the head fitted from them
 * once there are MIN_EXAMPLES of each kind, put in use in the worker instead
 * of the shipped head for that type. Forgetting goes back to the shipped head.
 */
import { html } from 'lit';
import type { Remote } from 'comlink';
import type { EquipmentType, PpeApi } from '../../contracts/ppe.js';
import type { PpeStore } from './ppe-store.js';

export const TAUGHT_TYPES: EquipmentType[] = ['HEAD_COVER', 'HAND_COVER'];
/** Examples of each kind an operator should show before a taught head is fitted. */
export const MIN_EXAMPLES = 3;

/** Covered and uncovered examples taught so far, per type. */
export type TaughtCounts = Partial<Record<EquipmentType, [number, number]>>;

export interface TeachResult {
  covered: number;
  uncovered: number;
  calibrated: boolean;
}

/** What the status line says after an example was taught. */
export function teachingMessage(
  type: EquipmentType,
  covered: boolean,
  added: number,
  r: TeachResult,
): string {
  const kind = `${covered ? 'covered' : 'uncovered'} example${added > 1 ? 's' : ''}`;
  const calibrated = r.calibrated ? ' Calibrated.' : '';
  return `${type}: ${added} ${kind} added; ${r.covered} covered and ${r.uncovered} uncovered in all.${calibrated}`;
}

const count = (labels: number[], label: number) => labels.filter((l) => l === label).length;

export class TaughtCovers {
  constructor(
    private readonly service: () => Remote<PpeApi>,
    private readonly store: PpeStore,
  ) {}

  /** Puts the stored heads back in use (after a reload, or in a new worker); returns the counts. */
  async restore(): Promise<TaughtCounts> {
    const counts: TaughtCounts = {};
    for (const type of TAUGHT_TYPES) {
      const taught = await this.store.taught(type).catch(() => null);
      if (!taught) continue;
      // Examples made for an earlier model no longer fit it: the shipped head judges until taught again.
      const fits = await (
        taught.head ? this.service().setTaughtHead(type, taught.head) : Promise.resolve()
      ).then(
        () => true,
        () => false,
      );
      if (fits) counts[type] = [count(taught.labels, 1), count(taught.labels, 0)];
    }
    return counts;
  }

  /**
   * Every part of `type` in the frame (moved to the worker) becomes an example; refits once there are enough.
   */
  async teach(
    type: EquipmentType,
    covered: boolean,
    frame: ImageBitmap,
  ): Promise<TeachResult & { added: number }> {
    const examples = await this.service().partEmbeddings(frame, type);
    if (!examples.length) {
      const hint =
        type === 'HAND_COVER'
          ? 'No hand in view: hold a hand up to the camera.'
          : 'No face in view: face the camera.';
      throw new Error(hint);
    }
    const taught = await this.store.taught(type);
    const width = examples[0]![0]!.length;
    if (taught.examples.some((views) => views[0]?.length !== width)) {
      // Taught for an earlier model: those examples cannot be mixed with today's, so teaching starts over.
      [taught.examples, taught.labels, taught.head] = [[], [], null];
    }
    taught.examples.push(...examples);
    taught.labels.push(...examples.map(() => (covered ? 1 : 0)));
    const [yes, no] = [count(taught.labels, 1), count(taught.labels, 0)];
    const calibrated = yes >= MIN_EXAMPLES && no >= MIN_EXAMPLES;
    if (calibrated) {
      taught.head = await this.service().fitCoverHead(taught.examples, taught.labels);
      await this.service().setTaughtHead(type, taught.head);
    }
    await this.store.saveTaught(taught);
    return { covered: yes, uncovered: no, calibrated, added: examples.length };
  }

  async forget(type: EquipmentType): Promise<void> {
    await this.store.saveTaught({ type, examples: [], labels: [], head: null });
    await this.service().setTaughtHead(type, null);
  }
}

export interface TeachPanelActions {
  choose(type: EquipmentType): void;
  teach(covered: boolean): void;
  forget(): void;
}

export function teachPanel(type: EquipmentType, counts: TaughtCounts, act: TeachPanelActions) {
  const [yes, no] = counts[type] ?? [0, 0];
  return html`<details part="teach" class="teach">
    <summary>Adapt head and hand covers to this site</summary>
    <p class="hint">
      Hard hats and gloves are judged out of the box. If this site's equipment looks different, show
      examples; the taught model then judges that type here. Forget goes back to the shipped one.
    </p>
    <label>Equipment
      <select @change=${(e: Event) => act.choose((e.target as HTMLSelectElement).value as EquipmentType)}>
        ${TAUGHT_TYPES.map((t) => html`<option value=${t} ?selected=${t === type}>${t}</option>`)}
      </select>
    </label>
    <button @click=${() => act.teach(true)}>This is covered</button>
    <button @click=${() => act.teach(false)}>This is not covered</button>
    <button @click=${act.forget}>Forget</button>
    <span
      >${yes} covered, ${no} uncovered examples (about 10 of each; used from ${MIN_EXAMPLES} of each)</span
    >
  </details>`;
}
