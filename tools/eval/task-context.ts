/**
 * What an eval/bench task gets from the harness. Files on the machine running
 * the command are served to the page by the runner under /__files/ (same
 * origin), and folders are listed through a function the runner exposes.
 */
import type { BackendRequest } from '../../src/core/backend/backend-choice.js';

export interface DirEntry {
  name: string;
  path: string;
  isDirectory: boolean;
}

export interface TaskContext {
  backend: BackendRequest;
  args: string[];
  progress(message: string): void;
  fileUrl(path: string): string;
  listDir(path: string): Promise<DirEntry[]>;
}

export type Task = (ctx: TaskContext) => Promise<Record<string, unknown>>;

declare global {
  interface Window {
    __listDir?: (path: string) => Promise<DirEntry[]>;
    __evalDone?: (result: { ok: boolean; value: unknown }) => void;
  }
}

export function createContext(params: URLSearchParams): TaskContext {
  return {
    backend: (params.get('backend') ?? 'auto') as BackendRequest,
    args: JSON.parse(params.get('args') ?? '[]') as string[],
    progress: (message) => console.log(`[progress] ${message}`),
    fileUrl: (path) => `/__files/${encodeURIComponent(path)}`,
    listDir: async (path) => {
      if (!window.__listDir) throw new Error('folder listing is only available under npm run eval');
      return window.__listDir(path);
    },
  };
}

/** Value of `--name value` in the task's arguments. */
export function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}
