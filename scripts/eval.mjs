#!/usr/bin/env node
/** npm run eval -- <task> [--backend X] [args…]: the project's real pipeline in headless Chromium. */
import { main } from './browser-task.mjs';

await main(process.argv.slice(2));
