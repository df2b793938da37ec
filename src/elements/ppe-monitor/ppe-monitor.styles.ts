import { css } from 'lit';
import { blockLayout, progressAndHiddenText } from '../base/panel-styles.js';

export const styles = [
  progressAndHiddenText,
  blockLayout,
  css`
  :host {
    --ppe-compliant: #15803d;
    --ppe-non-compliant: #dc2626;
    --ppe-unknown: #a16207;
  }
  .stage {
    position: relative;
    border-radius: var(--ppe-monitor-radius, 4px);
    background: var(--ppe-monitor-background, #111);
    min-height: 120px;
  }
  .stage.drop-target {
    outline: 3px dashed var(--ml-accent, #2563eb);
  }
  canvas {
    display: block;
    width: 100%;
    height: auto;
    max-height: var(--ppe-monitor-max-height, 70vh);
    object-fit: contain;
    border-radius: inherit;
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    font-variant-numeric: tabular-nums;
  }
  .big {
    font-size: 1.6rem;
    font-weight: 600;
    color: var(--ppe-non-compliant);
  }
  .compliant { color: var(--ppe-compliant); }
  .non-compliant { color: var(--ppe-non-compliant); }
  .unknown { color: var(--ppe-unknown); }
  [part='error'] {
    color: var(--ml-error, #b91c1c);
  }
  [part='backend'], [part='status'] {
    font-size: 0.85rem;
    opacity: 0.8;
  }
  .controls, .teach {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
  button, select {
    font: inherit;
  }
  button:focus-visible, select:focus-visible, input:focus-visible {
    outline: 3px solid var(--ml-accent, #2563eb);
    outline-offset: 2px;
  }
  svg {
    width: 100%;
    height: auto;
    max-height: 180px;
  }
  svg .axis { stroke: currentColor; opacity: 0.4; }
  svg .tick { font-size: 10px; fill: currentColor; opacity: 0.7; }
  svg .count { fill: var(--ppe-non-compliant); opacity: 0.6; }
  svg .percentage { fill: none; stroke: var(--ml-accent, #2563eb); stroke-width: 2; }
`,
];
