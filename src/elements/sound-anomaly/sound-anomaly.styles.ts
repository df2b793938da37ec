import { css } from 'lit';
import { panelStyles } from '../base/panel-styles.js';

export const styles = [
  panelStyles,
  css`
  :host {
    --sound-normal: #2563eb;
    --sound-abnormal: #dc2626;
  }
  .plots {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 320px), 1fr));
    gap: 0.75rem;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-size: 0.85em;
    margin-bottom: 0.25rem;
  }
  svg,
  canvas {
    display: block;
    width: 100%;
    height: auto;
  }
  canvas {
    aspect-ratio: 5 / 2;
    image-rendering: pixelated;
    background: #111;
  }
  svg text {
    font-size: 9px;
    fill: currentColor;
  }
  .plot-area {
    fill: none;
    stroke: currentColor;
    stroke-opacity: 0.3;
  }
  .line,
  .wave {
    fill: none;
    stroke: var(--ml-accent, #2563eb);
    stroke-width: 1.5;
  }
  .wave {
    stroke-width: 1;
  }
  .chance {
    fill: none;
    stroke: currentColor;
    stroke-dasharray: 3 3;
    stroke-opacity: 0.5;
  }
  .threshold {
    stroke: var(--sound-abnormal);
    stroke-width: 1.5;
    stroke-dasharray: 4 2;
  }
  rect.normal {
    fill: var(--sound-normal);
  }
  rect.abnormal {
    fill: var(--sound-abnormal);
  }
  .threshold-control {
    display: grid;
    gap: 0.25rem;
    font-size: 0.85em;
  }
  .table-scroll {
    max-width: 100%;
    overflow-x: auto;
    container-type: inline-size;
  }
  @container (max-width: 30rem) {
    .seconds {
      display: none;
    }
  }
  .table-scroll td:first-child {
    white-space: nowrap; /* a clip's name on one line; the table scrolls instead */
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: left;
    padding: 0.2rem 0.5rem;
    border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent);
  }
  tr.flagged td,
  .anomaly {
    color: var(--sound-abnormal);
    font-weight: 600;
  }
  .review {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    margin-top: 0.4em;
  }
  button.link {
    background: none;
    border: none;
    padding: 0;
    color: inherit;
    text-decoration: underline;
    cursor: pointer;
    font: inherit;
  }
`,
];
