import { css } from 'lit';
import { blockLayout, progressAndHiddenText } from '../base/panel-styles.js';
import { lookStyles } from '../base/shared-look.js';
import { chartStyles } from './history-chart.js';

export const styles = [
  progressAndHiddenText,
  blockLayout,
  lookStyles,
  chartStyles,
  css`
  :host {
    --ppe-compliant: #15803d;
    --ppe-non-compliant: #dc2626;
    --ppe-unknown: #a16207;
  }
  .stage {
    position: relative;
    display: grid;
    border-radius: var(--ppe-monitor-radius, 8px);
    background: var(--ppe-monitor-background, #111);
    min-height: 12rem;
    overflow: hidden;
  }
  /* The video, its box layer and a checked image share one cell, the same size. */
  .stage > video,
  .stage > canvas {
    grid-area: 1 / 1;
    display: block;
    width: 100%;
    height: auto;
    max-height: var(--ppe-monitor-max-height, 70vh);
    object-fit: contain;
  }
  .stage > [hidden] {
    display: none;
  }
  .stage > canvas.overlay {
    height: 100%;
    pointer-events: none;
  }
  .stage.drop-target {
    outline: 3px dashed var(--ml-accent, #2563eb);
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.5rem;
    font-variant-numeric: tabular-nums;
  }
  .count strong {
    font-size: 1.4rem;
    margin-right: 0.25rem;
  }
  .compliant { color: var(--ppe-compliant); }
  .non-compliant { color: var(--ppe-non-compliant); }
  .unknown { color: var(--ppe-unknown); }
  [part='status'] {
    font-size: 0.85rem;
    opacity: 0.8;
  }
  .controls, .teach, .dashboard-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  .teach summary {
    cursor: pointer;
    flex-basis: 100%;
  }
  .teach .hint {
    flex-basis: 100%;
    margin: 0;
    opacity: 0.8;
  }
  /* An entrance kiosk: the live view as large as the element, one banner over its foot. */
  :host([kiosk]) {
    height: 100%;
  }
  .layout.kiosk {
    display: block;
    height: 100%;
  }
  .layout.kiosk .stage {
    height: 100%;
    min-height: 0;
    border-radius: 0;
    grid-template: 100% / 100%; /* one cell the stage's size, not the video's */
  }
  .layout.kiosk .stage > video,
  .layout.kiosk .stage > canvas {
    height: 100%;
    max-height: none;
  }
  .banner {
    position: absolute;
    left: 0;
    right: 0;
    bottom: 0;
    padding: clamp(0.75rem, 3vmin, 2rem);
    font-size: clamp(1.5rem, 6vmin, 4rem);
    font-weight: 700;
    text-align: center;
    color: #fff;
    background: rgb(30 30 30 / 0.75);
  }
  .banner.go { background: color-mix(in srgb, var(--ppe-compliant) 90%, transparent); }
  .banner.stop { background: color-mix(in srgb, var(--ppe-non-compliant) 90%, transparent); }
  .banner.unsure { background: color-mix(in srgb, var(--ppe-unknown) 90%, transparent); }
`,
];
