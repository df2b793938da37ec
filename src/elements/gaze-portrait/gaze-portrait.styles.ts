import { css } from 'lit';
import { progressAndHiddenText } from '../base/panel-styles.js';
import { lookStyles } from '../base/shared-look.js';

export const styles = [
  progressAndHiddenText,
  lookStyles,
  css`
  :host {
    display: block;
    color: var(--gaze-portrait-text, inherit);
    font: inherit;
  }
  :host([hidden]) {
    display: none;
  }
  figure {
    margin: 0;
    display: grid;
    gap: 0.5rem;
  }
  .stage {
    position: relative;
    outline: none;
    border-radius: var(--gaze-portrait-radius, 4px);
  }
  .stage:focus-visible {
    box-shadow: 0 0 0 3px var(--ml-accent, #2563eb);
  }
  canvas {
    display: block;
    width: 100%;
    height: auto;
    max-height: var(--gaze-portrait-max-height, 80vh);
    object-fit: contain;
    background: var(--gaze-portrait-letterbox, var(--gaze-portrait-painting-edge, var(--gaze-portrait-background, #111)));
    border-radius: inherit;
  }
  .drop-target canvas {
    outline: 3px dashed var(--ml-accent, #2563eb);
  }
  figcaption {
    display: grid;
    gap: 0.35rem;
    font-size: 0.9rem;
  }
  [part='status'] {
    margin: 0;
  }
  [part='backend'],
  [part='notice'] {
    margin: 0;
    color: var(--ml-status-muted, #555);
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  /* Kiosk: the portrait alone, as large as the element, on the painting's own colour. */
  :host([kiosk]) {
    height: 100%;
    background: var(--gaze-portrait-letterbox, var(--gaze-portrait-painting-edge, var(--gaze-portrait-background, #111)));
  }
  :host([kiosk]) figure {
    display: block; /* a grid row would size to the canvas's own height, not the screen's */
    position: relative;
    overflow: hidden;
    height: 100%;
  }
  :host([kiosk]) .stage {
    height: 100%;
  }
  :host([kiosk]) canvas {
    width: 100%;
    height: 100%;
    max-height: none;
    background: var(--gaze-portrait-letterbox, var(--gaze-portrait-painting-edge, var(--gaze-portrait-background, #111)));
    border-radius: 0;
  }
`,
];
