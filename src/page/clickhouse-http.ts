/**
 * ClickHouse's HTTP interface from a page: one simple request per call (POST,
 * a text/plain body, no custom header, no cookie), so the browser sends no
 * CORS preflight, which ClickHouse would not answer. Credentials travel in the
 * configured URL (or a proxy on the page's own origin adds them).
 */
import { clickHouseUrl } from '../core/fleet/fleet-row.js';

/** ClickHouse's own words for a refused query ("Code: 291, e.displayText() = DB::Exception: …"), shortened. */
function refusal(status: number, text: string): string {
  const said = /DB::Exception: (.*?)(?:, e\.what\(\)|$)/s.exec(text)?.[1] ?? text.trim();
  return `ClickHouse answered ${status}: ${said.slice(0, 300)}`;
}

/** Posts one statement (with its data, for an INSERT) and returns the answer's text; throws on any failure. */
export async function postClickHouse(endpoint: string, body: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(clickHouseUrl(endpoint, location.href), {
    method: 'POST',
    body,
    credentials: 'omit',
    cache: 'no-store',
    signal,
  }).catch((error: unknown) => {
    // fetch says only "Failed to fetch" (or that the signal timed out): say what it means here.
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new Error(timedOut ? 'ClickHouse did not answer in time' : 'ClickHouse could not be reached');
  });
  const text = await response.text();
  if (!response.ok) throw new Error(refusal(response.status, text));
  return text;
}

/** A SELECT … FORMAT JSON's rows. */
export async function queryClickHouse<Row>(
  endpoint: string,
  sql: string,
  signal?: AbortSignal,
): Promise<Row[]> {
  const text = await postClickHouse(endpoint, sql, signal);
  return (JSON.parse(text) as { data: Row[] }).data;
}
