/**
 * Runs one eval/bench task of tools/eval/index.html in headless Chromium against the
 * project's Vite server, streams its progress to stderr, and prints the
 * result as the LAST line of stdout (one JSON object). Every request the page
 * or its workers make to another origin is counted and refused.
 *
 *   node scripts/browser-task.mjs <task> [--backend auto|webgpu|webgl|wasm|cpu]
 *     [--camera file.y4m] [--microphone file.wav] [task args…]
 *
 * --camera / --microphone feed Chromium's fake devices from files.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createServer } from 'vite';
import { chromium } from 'playwright';
import { CHROMIUM_PATH, assertChromium, chromiumArgs } from './chromium.mjs';

const TIMEOUT_MS = Number(process.env.EVAL_TIMEOUT_MS ?? 30 * 60 * 1000);

function parse(argv) {
  const [task, ...rest] = argv;
  if (!task) throw new Error('usage: npm run eval -- <task> [--backend X] [args…]');
  let backend = 'auto';
  const media = {};
  const args = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--backend') backend = rest[++i] ?? 'auto';
    else if (rest[i] === '--camera' || rest[i] === '--microphone')
      media[rest[i].slice(2)] = resolve(rest[++i] ?? '');
    else args.push(rest[i]);
  }
  return { task, backend, args, media };
}

/** Absolute-path file access for the page, same origin, under /__files/. */
async function serveFile(route, url) {
  const path = decodeURIComponent(url.pathname.slice('/__files/'.length));
  try {
    await route.fulfill({
      status: 200,
      body: await readFile(path),
      headers: { 'access-control-allow-origin': '*' },
    });
  } catch {
    await route.fulfill({ status: 404, body: `not found: ${path}` });
  }
}

async function listDir(path) {
  const dir = resolve(path);
  const entries = await readdir(dir);
  const out = [];
  for (const name of entries.sort()) {
    const full = join(dir, name);
    out.push({ name, path: full, isDirectory: (await stat(full)).isDirectory() });
  }
  return out;
}

/** The project's Vite dev server on a free loopback port, sending `headers` with every response. */
export async function startServer(headers = {}) {
  const server = await createServer({
    // No hot reload: an edit while a task runs must not reload its page mid-measurement.
    server: { port: 0, host: '127.0.0.1', hmr: false, headers },
    logLevel: 'error',
    clearScreen: false,
  });
  await server.listen();
  return { server, origin: server.resolvedUrls.local[0].replace(/\/$/, '') };
}

/** A missing Chromium is a rejected promise like any other launch failure, so callers can clean up. */
export async function launchChromium(media = {}) {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(media) });
}

/**
 * A browser context where every request to another origin is recorded in the
 * returned list and refused, and /__files/ serves files from this machine.
 * `allowed`: other origins the host configured on purpose (a fleet endpoint).
 */
export async function guardedContext(browser, origin, contextOptions = {}, allowed = []) {
  const foreign = [];
  const context = await browser.newContext(contextOptions);
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== origin && !allowed.includes(url.origin)) {
      foreign.push(url.href);
      return route.abort();
    }
    if (url.pathname.startsWith('/__files/')) return serveFile(route, url);
    return route.continue();
  });
  return { context, foreign };
}

export async function runBrowserTask(
  argv,
  { pageTask = (t) => t, media = () => ({}), headers = () => ({}), expose = {} } = {},
) {
  const { task, backend, args, media: given } = parse(argv);
  // Before the server starts: nothing to close, and the answer comes at once.
  assertChromium();
  const { server, origin } = await startServer(headers(task));
  const browser = await launchChromium({ ...media(task), ...given }).catch(async (error) => {
    await server.close();
    throw error;
  });
  try {
    const { context, foreign } = await guardedContext(browser, origin);
    const page = await context.newPage();
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('[progress] ')) process.stderr.write(`${task}: ${text.slice(11)}\n`);
      else if (msg.type() === 'error') process.stderr.write(`${task} (page error): ${text}\n`);
    });
    page.on('pageerror', (error) => process.stderr.write(`${task} (uncaught): ${error.message}\n`));
    await page.exposeFunction('__listDir', listDir);
    for (const [name, fn] of Object.entries(expose)) await page.exposeFunction(name, fn);
    const done = new Promise((resolveDone) => page.exposeFunction('__evalDone', resolveDone));
    const query = new URLSearchParams({ task: pageTask(task), backend, args: JSON.stringify(args) });
    process.stderr.write(`${task}: opening ${origin}/tools/eval/index.html (backend ${backend})\n`);
    await page.goto(`${origin}/tools/eval/index.html?${query}`);
    let timer;
    const timeout = new Promise(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error(`${task} timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
    );
    const result = await Promise.race([done, timeout]);
    clearTimeout(timer);
    if (!result.ok) throw new Error(String(result.value));
    // Which addresses were refused: a peer's telemetry (MediaPipe posts usage logs) is named, not only counted.
    return { ...result.value, externalRequests: foreign.length, refused: [...new Set(foreign)].slice(0, 10) };
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function main(argv, options) {
  try {
    const result = await runBrowserTask(argv, options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.stdout.write(
      `${JSON.stringify({ task: argv[0] ?? null, error: error instanceof Error ? error.message.split('\n')[0] : String(error) })}\n`,
    );
    process.exitCode = 1;
  }
}
