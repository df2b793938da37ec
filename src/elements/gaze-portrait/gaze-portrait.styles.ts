import { css } from 'lit';
import { progressAndHiddenText } from '../base/panel-styles.js';

export const styles = [
  progressAndHiddenText,
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
    background: var(--gaze-portrait-background, #111);
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
  [part='backend'] {
    margin: 0;
    color: var(--ml-status-muted, #555);
  }
  [part='error'] {
    margin: 0;
    color: var(--ml-error, #b91c1c);
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button,
  label.file {
    font: inherit;
    padding: 0.35rem 0.75rem;
    border-radius: 6px;
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  label.file:focus-within {
    outline: 3px solid var(--ml-accent, #2563eb);
    outline-offset: 2px;
  }
  input[type='file'] {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
  }
`,
];
