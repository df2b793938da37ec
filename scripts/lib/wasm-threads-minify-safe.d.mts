import type { Plugin } from 'vite';
export declare function wasmThreadsMinifySafe(): Plugin;
