/** Entry of tools/eval/index.html: runs the task named in the URL and reports to the runner. */
import { createContext, type Task } from './task-context.js';
import { smoke } from './tasks/smoke.js';
import { benchBackends } from './tasks/bench-backends.js';
import { gaze } from './tasks/gaze.js';
import { benchGaze } from './tasks/bench-gaze.js';
import { trainCover } from './tasks/train-cover.js';
import { ppe } from './tasks/ppe.js';
import { ppeScenes } from './tasks/ppe-scenes.js';
import { benchPpe } from './tasks/bench-ppe.js';
import { audio, audioSuite } from './tasks/audio.js';
import { benchAudio } from './tasks/bench-audio.js';
import { retrieval } from './tasks/retrieval.js';
import { benchRetrieval } from './tasks/bench-retrieval.js';
import { benchThreads } from './tasks/bench-threads.js';
import { trainPartFinder } from './tasks/train-part-finder.js';

const TASKS: Record<string, Task> = {
  smoke,
  gaze,
  'bench:backends': benchBackends,
  'bench:gaze': benchGaze,
  'train:face-cover': trainCover('face-cover'),
  'train:head-cover': trainCover('head-cover'),
  'train:hand-cover': trainCover('hand-cover'),
  ppe,
  'ppe-scenes': ppeScenes,
  'bench:ppe': benchPpe,
  audio,
  'audio-suite': audioSuite,
  'bench:audio': benchAudio,
  retrieval,
  'bench:retrieval': benchRetrieval,
  'bench:threads': benchThreads,
  'train:part-finder': trainPartFinder,
};

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const name = params.get('task') ?? '';
  const task = TASKS[name];
  try {
    if (!task) throw new Error(`unknown task "${name}" (known: ${Object.keys(TASKS).join(', ')})`);
    window.__evalDone?.({ ok: true, value: await task(createContext(params)) });
  } catch (error) {
    window.__evalDone?.({
      ok: false,
      value: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
    });
  }
}

void run();
