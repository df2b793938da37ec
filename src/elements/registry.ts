/**
 * Every element the bundle ships, in the order the demo page shows them: the
 * one list from which the library's entries (vite.lib.config.ts), its
 * all-in-one module (src/index.ts), the demo page (src/demo/main.ts) and the
 * manifest test are derived. An element lives in `src/elements/<tag>/<tag>.ts`.
 * Plain data with no imports, so Node build scripts read it too.
 */
export interface ElementEntry {
  tag: string;
  /** The demo page's heading for it. */
  title: string;
  /** Attributes it gets on the demo page. */
  demo: Readonly<Record<string, string>>;
  /** Whether `?kiosk=<tag>` shows it alone, fullscreen, in its kiosk view (the portrait; the entrance check). */
  kiosk: boolean;
  /** Attributes a kiosk's URL may set (`?kiosk=<tag>&camera-id=gate-2`): how a kiosk is configured. */
  settable?: readonly string[];
}

export const ELEMENTS: readonly ElementEntry[] = [
  { tag: 'ml-runtime-status', title: 'Runtime', demo: { models: 'blazeface,facemesh' }, kiosk: false },
  { tag: 'gaze-portrait', title: 'Gaze portrait', demo: {}, kiosk: true },
  {
    tag: 'ppe-monitor',
    title: 'PPE check',
    demo: { 'camera-id': 'demo-camera', bodies: '' },
    kiosk: true,
    settable: [
      'camera-id',
      'required',
      'min-confidence',
      'interval',
      'hands',
      'bodies',
      'blur-faces',
      'retention-days',
      'report-url',
      'report-table',
      'report-every',
    ],
  },
  {
    tag: 'ppe-fleet-dashboard',
    title: 'PPE fleet',
    demo: {},
    kiosk: true,
    settable: ['source-url', 'cameras', 'table', 'unit', 'refresh'],
  },
  { tag: 'sound-anomaly', title: 'Machine-sound anomalies', demo: { 'model-key': 'demo' }, kiosk: false },
  { tag: 'image-finder', title: 'Image finder', demo: { 'index-key': 'demo' }, kiosk: false },
];
