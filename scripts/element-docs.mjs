/**
 * The element reference (docs/elements.md), written from the Custom Elements
 * Manifest (dist/lib/custom-elements.json, made by `cem analyze` from the
 * elements' JSDoc), between the markers below. `npm run docs` rewrites it; a
 * unit test fails when the page and the manifest disagree.
 *
 *   node scripts/element-docs.mjs [manifest] [page]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

export const START =
  '<!-- element-reference:start (npm run docs writes this part from custom-elements.json) -->';
export const END = '<!-- element-reference:end -->';

const LIFECYCLE = new Set([
  'render',
  'connectedCallback',
  'disconnectedCallback',
  'firstUpdated',
  'updated',
  'willUpdate',
  'attributeChangedCallback',
]);

/** Table cells hold one line, and a pipe would end the cell; TSDoc links become code. */
const cell = (text) =>
  (text ?? '')
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text ? `\`${cell(text)}\`` : '');

function table(headings, rows) {
  if (rows.length === 0) return [];
  return [
    `| ${headings.join(' | ')} |`,
    `| ${headings.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

export function elementDeclarations(manifest) {
  return manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

function publicMembers(element, kind) {
  return (element.members ?? []).filter(
    (m) => m.kind === kind && !m.static && (m.privacy ?? 'public') === 'public' && !LIFECYCLE.has(m.name),
  );
}

function renderElement(element) {
  const properties = publicMembers(element, 'field').filter((f) => !f.attribute);
  const methods = publicMembers(element, 'method');
  return [
    `## \`<${element.tagName}>\``,
    '',
    cell(element.summary ?? element.description),
    '',
    ...table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      (element.attributes ?? []).map((a) => [
        code(a.name),
        code(a.fieldName),
        code(a.type?.text),
        code(a.default),
        cell(a.description),
      ]),
    ),
    ...table(
      ['Property (read-only or not reflected)', 'Type', 'Description'],
      properties.map((p) => [code(p.name), code(p.type?.text), cell(p.description)]),
    ),
    ...table(
      ['Method', 'Description'],
      methods.map((m) => [
        code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`),
        cell(m.description),
      ]),
    ),
    ...table(
      ['Event', 'Description'],
      (element.events ?? []).map((e) => [code(e.name), cell(e.description)]),
    ),
    ...table(
      ['CSS part', 'Description'],
      (element.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]),
    ),
    ...table(
      ['CSS custom property', 'Description'],
      (element.cssProperties ?? []).map((p) => [code(p.name), cell(p.description)]),
    ),
    ...table(
      ['Slot', 'Description'],
      (element.slots ?? []).map((s) => [code(s.name || '(default)'), cell(s.description)]),
    ),
  ].join('\n');
}

export function renderElementDocs(manifest) {
  return elementDeclarations(manifest).map(renderElement).join('\n');
}

/** The page with its reference section replaced. */
export function withElementDocs(page, manifest) {
  const from = page.indexOf(START);
  const to = page.indexOf(END);
  if (from < 0 || to < from) throw new Error(`the page has no ${START} … ${END} section`);
  return `${page.slice(0, from + START.length)}\n\n${renderElementDocs(manifest)}\n${page.slice(to)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [manifestPath = 'dist/lib/custom-elements.json', pagePath = 'docs/elements.md'] =
    process.argv.slice(2);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  await writeFile(pagePath, withElementDocs(await readFile(pagePath, 'utf8'), manifest));
  process.stdout.write(
    `element-docs: ${elementDeclarations(manifest).length} elements written into ${pagePath}\n`,
  );
}
