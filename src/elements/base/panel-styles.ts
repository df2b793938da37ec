/**
 * Styles the elements share: progress bars and screen-reader-only text (all of them); block layout (panels
 * and <ppe-monitor>); the shared look (shared-look.ts) and a control bar (the panel-like <sound-anomaly> and <image-finder>).
 */
import { css } from 'lit';
import { lookStyles } from './shared-look.js';

/** A themed progress bar and `.visually-hidden` text for live regions. */
export const progressAndHiddenText = css`
  progress {
    width: 100%;
    accent-color: var(--ml-accent, #2563eb);
  }
  .visually-hidden {
    position: absolute;
    margin: 0; /* a <p>'s margin would push the page 1em past a full-screen kiosk */
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** A block that takes the page's font and colour, honours `hidden`, and lays its parts out in a grid. */
export const blockLayout = css`
  :host {
    display: block;
    font: inherit;
    color: inherit;
  }
  :host([hidden]) {
    display: none;
  }
  .layout {
    display: grid;
    gap: 0.75rem;
  }
`;

export const panelStyles = [
  progressAndHiddenText,
  blockLayout,
  lookStyles,
  css`
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: center;
    padding: 0.75rem;
    border: 2px dashed color-mix(in srgb, currentColor 25%, transparent); /* files can be dropped here */
    border-radius: var(--ml-radius, 8px);
  }
`,
];
