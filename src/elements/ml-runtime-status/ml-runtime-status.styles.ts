import { css } from 'lit';
import { progressAndHiddenText } from '../base/panel-styles.js';

export const styles = [
  progressAndHiddenText,
  css`
  :host {
    display: block;
    font: var(--ml-font, 14px/1.4 system-ui, sans-serif);
    color: var(--ml-status-color, inherit);
  }
  [part='backend'] {
    font-weight: 600;
  }
  [part='reason'] {
    margin: 0.25em 0 0.75em;
    color: var(--ml-status-muted, #555);
    overflow-wrap: anywhere;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    display: grid;
    grid-template-columns: minmax(6em, auto) 1fr auto;
    gap: 0.5em;
    align-items: center;
    margin: 0.25em 0;
  }
  [part='error'] {
    grid-column: 1 / -1;
    color: var(--ml-error, #b91c1c);
    overflow-wrap: anywhere;
  }
`,
];
