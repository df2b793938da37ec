/**
 * The demo site: a landing page with one card per capability, each element
 * on a page of its own (`?element=<tag>`), and kiosk mode (`?kiosk=<tag>`).
 */
import './demo.css';
import { ELEMENTS } from '../elements/registry.js';
import '../index.js';
import { kioskTarget } from '../page/kiosk.js';
import { elementEntry, showElementPage } from './element-page.js';
import { showKiosk } from './kiosk-page.js';
import { showLanding } from './landing.js';
import { registerServiceWorker } from './offline.js';

const main = document.querySelector('main')!;
const kioskTags = ELEMENTS.filter((e) => e.kiosk).map((e) => e.tag);
const kiosk = kioskTarget(location.search, kioskTags);
const page = elementEntry(location.search);

// One page, one element (or none): a kiosk or a visitor starts no worker, model or camera it does not see.
if (kiosk)
  void showKiosk(
    main,
    ELEMENTS.find((e) => e.tag === kiosk)!,
  );
else if (page) showElementPage(main, page);
else showLanding(main);
void registerServiceWorker();
