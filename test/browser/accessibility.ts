/**
 * axe-core over an element (its shadow tree included) in the state a test
 * brought it to. Every violation is listed with the nodes it was found on,
 * so a failure says what to fix.
 */
import axe from 'axe-core';
import { expect } from 'vitest';

export async function axeViolations(context: Element | Document): Promise<string[]> {
  const result = await axe.run(context, { resultTypes: ['violations'] });
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
}

export async function expectAccessible(element: Element): Promise<void> {
  if ('updateComplete' in element)
    await (element as Element & { updateComplete: Promise<unknown> }).updateComplete;
  expect(await axeViolations(element)).toEqual([]);
}
