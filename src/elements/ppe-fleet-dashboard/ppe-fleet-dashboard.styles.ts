import { css } from 'lit';
import { blockLayout, progressAndHiddenText } from '../base/panel-styles.js';
import { lookStyles } from '../base/shared-look.js';
import { chartStyles } from '../ppe-monitor/history-chart.js';

export const styles = [
  progressAndHiddenText,
  blockLayout,
  lookStyles,
  chartStyles,
  css`
    :host {
      --ppe-non-compliant: #dc2626;
    }
    /* On a kiosk screen (?kiosk=ppe-fleet-dashboard): the page does not scroll, the dashboard does. */
    :host([kiosk]) {
      box-sizing: border-box;
      height: 100%;
      overflow: auto;
      padding: 1rem;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
    }
    .head .updated {
      margin-inline-start: auto;
      font-size: 0.85rem;
      opacity: 0.8;
    }
    .window {
      opacity: 0.8;
    }
    .non-compliant {
      color: var(--ppe-non-compliant);
    }
    table.cameras {
      border-collapse: collapse;
      width: 100%;
      font-variant-numeric: tabular-nums;
    }
    table.cameras caption {
      text-align: start;
      font-weight: 600;
      padding-bottom: 0.4rem;
    }
    table.cameras th,
    table.cameras td {
      padding: 0.35rem 0.6rem;
      text-align: end;
      border-bottom: 1px solid color-mix(in srgb, currentColor 15%, transparent);
    }
    table.cameras th[scope='row'],
    table.cameras th:first-child {
      text-align: start;
    }
    table.cameras tfoot th,
    table.cameras tfoot td {
      font-weight: 600;
      border-bottom: none;
    }
    tr.silent {
      opacity: 0.65;
    }
    .table-wrap {
      overflow-x: auto;
    }
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
      gap: 0.75rem;
    }
    .card {
      padding: 0.75rem;
      border: 1px solid color-mix(in srgb, currentColor 20%, transparent);
      border-radius: var(--ml-radius, 8px);
      min-width: 0;
    }
    .card.site {
      grid-column: 1 / -1;
    }
    .card h2 {
      margin: 0 0 0.25rem;
      font-size: 1rem;
    }
    .card .totals {
      margin: 0 0 0.5rem;
      font-size: 0.9rem;
    }
  `,
];
