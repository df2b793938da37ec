export declare const CHROMIUM_PATH: string;
export declare function chromiumArgs(media?: { camera?: string; microphone?: string }): string[];
export declare function assertChromium(): void;
