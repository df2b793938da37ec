/**
 * The element's computed style as a reader: a host's theme (custom properties such as `--ppe-compliant`)
 * reaches what an element draws on a canvas, where CSS cannot.
 */
export function customProperties(element: Element): (name: string, fallback: string) => string {
  const style = getComputedStyle(element);
  return (name, fallback) => style.getPropertyValue(name).trim() || fallback;
}
