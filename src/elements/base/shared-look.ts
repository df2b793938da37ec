/**
 * One look for every element: buttons (a primary one per view), file pickers
 * that look like buttons, the error box, the empty state, drop zones, the
 * camera prompt and the collapsed backend line. Themed by the `--ml-*`
 * custom properties so a host page restyles all elements at once.
 */
import { css } from 'lit';

export const lookStyles = css`
  button,
  .file-button,
  select {
    box-sizing: border-box; /* a label's default content-box would make file buttons taller */
    font: inherit;
    min-height: 2.5rem;
    padding: 0.4rem 0.9rem;
    border-radius: var(--ml-radius, 8px);
    border: 1px solid color-mix(in srgb, currentColor 35%, transparent);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  input[type='text'] {
    box-sizing: border-box;
    font: inherit;
    min-height: 2.5rem;
    min-width: min(18rem, 100%);
    padding: 0.4rem 0.6rem;
    border-radius: var(--ml-radius, 8px);
    border: 1px solid color-mix(in srgb, currentColor 35%, transparent);
    background: transparent;
    color: inherit;
  }
  .file-button {
    display: inline-flex;
    align-items: center;
    position: relative;
  }
  .file-button input[type='file'] {
    position: absolute;
    inset: 0;
    opacity: 0;
    width: 100%;
    cursor: pointer;
  }
  button.primary,
  .file-button.primary {
    background: var(--ml-accent, #2563eb);
    border-color: transparent;
    color: var(--ml-on-accent, #fff);
    font-weight: 600;
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible,
  .file-button:focus-within,
  summary:focus-visible {
    outline: 3px solid var(--ml-accent, #2563eb);
    outline-offset: 2px;
  }
  [part='error'] {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid var(--ml-error, #b91c1c);
    border-radius: 4px;
    background: color-mix(in srgb, var(--ml-error, #b91c1c) 10%, transparent);
    color: var(--ml-error, #b91c1c);
    white-space: pre-line;
  }
  [hidden] {
    display: none !important;
  }
  .empty {
    margin: 0;
    padding: 1.25rem 1rem;
    border: 1px dashed color-mix(in srgb, currentColor 35%, transparent);
    border-radius: var(--ml-radius, 8px);
    text-align: center;
    color: var(--ml-status-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .drop-zone {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: center;
    padding: 0.75rem;
    border: 2px dashed color-mix(in srgb, currentColor 30%, transparent);
    border-radius: var(--ml-radius, 8px);
    text-align: center;
  }
  .drop-zone.drop-target {
    border-color: var(--ml-accent, #2563eb);
    background: color-mix(in srgb, var(--ml-accent, #2563eb) 8%, transparent);
  }
  .camera-prompt {
    position: absolute;
    left: 0;
    right: 0;
    bottom: 0;
    display: grid;
    justify-items: center;
    gap: 0.4rem;
    padding: 2rem 1rem 1rem;
    background: linear-gradient(transparent, rgb(0 0 0 / 0.8));
    color: #fff;
    text-align: center;
    border-radius: inherit;
  }
  .camera-prompt p {
    margin: 0;
    max-width: 32rem;
  }
  .camera-prompt .fine {
    font-size: 0.85rem;
    opacity: 0.85;
  }
  details.backend {
    font-size: 0.8rem;
    color: var(--ml-status-muted, color-mix(in srgb, currentColor 65%, transparent));
  }
  details.backend summary {
    cursor: pointer;
    width: fit-content;
  }
  details.backend p {
    margin: 0.25rem 0 0;
  }
`;
