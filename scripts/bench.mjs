#!/usr/bin/env node
/** npm run bench -- <task> [args…]: timings side by side in one run, with ratios. */
import { main } from './browser-task.mjs';

await main(process.argv.slice(2), { pageTask: (task) => `bench:${task}` });
