import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright';
import type { ViteDevServer } from 'vite';

export declare function startServer(): Promise<{ server: ViteDevServer; origin: string }>;
export declare function launchChromium(media?: { camera?: string; microphone?: string }): Promise<Browser>;
export declare function guardedContext(
  browser: Browser,
  origin: string,
  options?: BrowserContextOptions,
  allowed?: string[],
): Promise<{ context: BrowserContext; foreign: string[] }>;
type Media = { camera?: string; microphone?: string };
type TaskOptions = {
  pageTask?: (task: string) => string;
  media?: (task: string) => Media;
  /** Functions the page may call (page.exposeFunction). */
  expose?: Record<string, (...args: never[]) => unknown>;
};
export declare function runBrowserTask(
  argv: string[],
  options?: TaskOptions,
): Promise<Record<string, unknown>>;
export declare function main(argv: string[], options?: TaskOptions): Promise<void>;
