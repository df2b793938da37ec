/** The landing page: one card per capability, each opening its element on a page of its own. */
import { ELEMENTS } from '../elements/registry.js';
import { SHOWCASES } from './catalogue.js';
import { runtimeDisclosure } from './runtime-disclosure.js';

function card(tag: string, sentence: string, picture: string, alt: string): HTMLElement {
  const title = ELEMENTS.find((e) => e.tag === tag)?.title ?? tag;
  const article = document.createElement('article');
  article.className = 'card';
  article.dataset.element = tag;
  const img = Object.assign(document.createElement('img'), { src: picture, alt, loading: 'lazy' });
  img.className = tag === 'gaze-portrait' ? 'picture portrait' : 'picture';
  const heading = Object.assign(document.createElement('h2'), { textContent: title });
  const text = Object.assign(document.createElement('p'), { textContent: sentence });
  const link = Object.assign(document.createElement('a'), {
    href: `?element=${tag}`,
    textContent: 'Try it',
    className: 'try',
  });
  link.setAttribute('aria-label', `Try it: ${title}`); // the visible words first, then which card
  article.append(img, heading, text, link);
  return article;
}

export function showLanding(main: HTMLElement): void {
  document.body.classList.add('landing');
  const cards = document.createElement('div');
  cards.className = 'cards';
  cards.append(...SHOWCASES.map((s) => card(s.tag, s.sentence, s.picture, s.alt)));
  const footer = document.createElement('footer');
  footer.className = 'page-footer';
  footer.append(runtimeDisclosure());
  main.append(cards);
  main.after(footer);
}
