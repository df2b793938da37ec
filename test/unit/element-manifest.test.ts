/**
 * The Custom Elements Manifest that `npm run build` writes, made here the
 * same way (`cem analyze` over the elements' JSDoc), and the element
 * reference (docs/elements.md), which must be what the manifest says.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { elementDeclarations, withElementDocs } from '../../scripts/element-docs.mjs';
import { ELEMENTS } from '../../src/elements/registry.js';

const OUT = 'node_modules/.cache/cem-test';

function analyze(): unknown {
  // The analyzer writes outdir relative to the working directory.
  execFileSync(
    process.execPath,
    ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--outdir', OUT],
    { stdio: 'pipe' },
  );
  return JSON.parse(readFileSync(`${OUT}/custom-elements.json`, 'utf8'));
}

describe('custom-elements.json', () => {
  const manifest = analyze();
  const byTag = new Map(elementDeclarations(manifest).map((d) => [d.tagName, d]));
  const names = (list?: { name: string }[]) => (list ?? []).map((x) => x.name).sort();

  it('names the four elements (and the runtime status) with their attributes, events and parts', () => {
    expect([...byTag.keys()]).toEqual(ELEMENTS.map((e) => e.tag).sort());
    expect(names(byTag.get('image-finder')!.attributes)).toEqual(['backend', 'index-key', 'rerank', 'top-k']);
    expect(names(byTag.get('image-finder')!.events)).toEqual(['ml-index-progress', 'ml-search-result']);
    expect(names(byTag.get('gaze-portrait')!.events)).toEqual(['ml-gaze-change', 'ml-portrait-ready']);
    expect(names(byTag.get('ppe-monitor')!.events)).toEqual(['ml-ppe-result']);
    expect(names(byTag.get('sound-anomaly')!.events)).toEqual([
      'ml-anomaly-score',
      'ml-moment-flagged',
      'ml-training-progress',
    ]);
    expect(names(byTag.get('ppe-monitor')!.attributes)).toContain('camera-id');
    expect(names(byTag.get('sound-anomaly')!.attributes)).toContain('threshold');
    for (const [tag, element] of byTag) {
      expect(element.summary, tag).toBeTruthy();
      expect(element.cssParts?.length, tag).toBeGreaterThan(0);
      expect(element.events?.length, tag).toBeGreaterThan(0);
    }
  });

  it('is what the element reference (docs/elements.md) says (npm run docs rewrites it)', () => {
    const page = readFileSync('docs/elements.md', 'utf8');
    expect(withElementDocs(page, manifest) === page, 'docs/elements.md is stale: run npm run docs').toBe(
      true,
    );
  });
});
