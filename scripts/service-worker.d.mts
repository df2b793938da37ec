export declare function writeServiceWorker(dir: string): Promise<{ count: number; size: number }>;
