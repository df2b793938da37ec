/**
 * The landing page's one line about the runtime: "Runs on WASM · details".
 * The line comes from the backend this device measured before (kept by the
 * elements); <ml-runtime-status>, with its worker and models, is created only
 * when a curious visitor opens the details.
 */
import { backendName } from '../elements/base/ml-element.js';
import { recallChoice } from '../page/backend-memory.js';

export function runtimeDisclosure(): HTMLDetailsElement {
  const details = document.createElement('details');
  details.className = 'runtime';
  const remembered = recallChoice();
  const summary = document.createElement('summary');
  summary.textContent = remembered
    ? `Runs on ${backendName(remembered.backend)} · details`
    : 'Runs on this device · details';
  details.append(summary);
  details.addEventListener(
    'toggle',
    () => {
      if (!details.open || details.querySelector('ml-runtime-status')) return;
      const status = document.createElement('ml-runtime-status');
      status.setAttribute('models', 'blazeface');
      details.append(status);
    },
    { once: false },
  );
  return details;
}
