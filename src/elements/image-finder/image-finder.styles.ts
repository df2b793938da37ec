import { css } from 'lit';
import { panelStyles } from '../base/panel-styles.js';

export const styles = [
  panelStyles,
  css`
  :host {
    --finder-match-line: #15803d;
    --finder-thumb-size: 96px;
  }
  video {
    max-width: min(100%, 320px);
    border-radius: 4px;
  }
  ul[part='gallery'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--finder-thumb-size), 1fr));
    gap: 0.5rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part='gallery'] li {
    position: relative;
  }
  [part='gallery'] figure {
    margin: 0;
  }
  [part='gallery'] img,
  [part='results'] img {
    width: 100%;
    aspect-ratio: 1;
    object-fit: cover;
    border-radius: 4px;
    display: block;
  }
  [part='gallery'] figcaption {
    font-size: 0.75em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .remove {
    position: absolute;
    top: 4px;
    right: 4px;
    min-height: 0;
    padding: 0.1rem 0.45rem;
    line-height: 1.2;
    background: rgb(255 255 255 / 0.85);
    color: #111;
  }
  [part='results'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(calc(var(--finder-thumb-size) * 1.3), 1fr));
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part='results'] button {
    width: 100%;
    text-align: left;
    font: inherit;
    padding: 0.25rem;
    border: 2px solid transparent;
    border-radius: 6px;
    background: none;
    color: inherit;
  }
  [part='results'] button[aria-pressed='true'] {
    border-color: var(--ml-accent, #2563eb);
  }
  .verified {
    color: var(--finder-match-line);
    font-weight: 600;
  }
  [part='match-view'] {
    width: 100%;
    max-height: 60vh;
  }
  [part='match-view'] line {
    stroke: var(--finder-match-line);
    stroke-width: 1.2;
    opacity: 0.8;
  }
  [part='match-view'] circle {
    fill: var(--finder-match-line);
  }
`,
];
