export declare const CLICKHOUSE_PATH: string;
export declare function clickHouseMissing(): string;
export declare function ensureClickHouse(): void;
export declare function schemaStatements(): string[];
export interface LocalClickHouse {
  origin: string;
  urls: { admin: string; kiosk: string; dashboard: string };
  query(sql: string, user?: 'admin' | 'kiosk' | 'dashboard'): Promise<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
  dir: string;
}
export declare function startClickHouse(): Promise<LocalClickHouse>;
