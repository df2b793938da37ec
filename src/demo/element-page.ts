/** One element on a page of its own (`?element=<tag>`), under a heading with a way back. */
import { ELEMENTS, type ElementEntry } from '../elements/registry.js';
import { showcaseOf } from './catalogue.js';
import { sampleBar } from './samples.js';

export function elementEntry(search: string): ElementEntry | null {
  const tag = new URLSearchParams(search).get('element');
  return ELEMENTS.find((e) => e.tag === tag) ?? null;
}

/** The element with the demo's attributes. */
export function createDemoElement({ tag, demo }: ElementEntry): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(demo)) element.setAttribute(name, value);
  return element;
}

export function showElementPage(main: HTMLElement, entry: ElementEntry): HTMLElement {
  document.body.classList.add('element-page');
  document.title = `${entry.title} · On-device ML elements`;
  const header = document.querySelector('.page-header')!;
  const back = Object.assign(document.createElement('a'), { href: './', textContent: '← All demos' });
  back.className = 'back';
  header.querySelector('h1')!.textContent = entry.title;
  header.querySelector('p')!.textContent = showcaseOf(entry.tag)?.sentence ?? '';
  header.prepend(back);
  const section = document.createElement('section');
  section.className = 'stage-card';
  section.dataset.element = entry.tag;
  section.setAttribute('aria-label', entry.title);
  const element = createDemoElement(entry);
  const samples = sampleBar(element);
  section.append(...(samples ? [samples, element] : [element]));
  main.append(section);
  return element;
}
