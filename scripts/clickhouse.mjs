/**
 * A throwaway ClickHouse for `npm run fleet` and the fleet tests: Debian's
 * clickhouse-server (installed with apt-get where missing and we are root, as
 * .ci/run installs Chromium) on free loopback ports, with its data in a new
 * temporary folder, the project's fleet/users.xml (its CHANGE-ME passwords
 * replaced by random ones) and fleet/schema.sql applied. It can be stopped and
 * started again on the same data, as an engine restart.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLICKHOUSE_PATH = process.env.CLICKHOUSE_PATH ?? '/usr/sbin/clickhouse-server';
const FLEET = join(import.meta.dirname, '..', 'fleet');

/** Why ClickHouse cannot run here, or '' when it can. */
export function clickHouseMissing() {
  return existsSync(CLICKHOUSE_PATH)
    ? ''
    : `ClickHouse is not installed (${CLICKHOUSE_PATH}): apt-get install clickhouse-server (.ci/run does)`;
}

/** Installs Debian's package where it is missing and we may (root); otherwise says how. */
export function ensureClickHouse() {
  if (!clickHouseMissing()) return;
  if (process.getuid?.() !== 0) throw new Error(clickHouseMissing());
  process.stderr.write('clickhouse: installing Debian clickhouse-server\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'clickhouse-server'], {
    stdio: 'inherit',
    env,
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function serverConfig(dir, httpPort, tcpPort) {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <max_concurrent_queries>200</max_concurrent_queries>
  <keep_alive_timeout>3</keep_alive_timeout>
  <mark_cache_size>268435456</mark_cache_size>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/data/tmp/</tmp_path>
  <user_files_path>${dir}/data/user_files/</user_files_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
`;
}

/** fleet/schema.sql as single statements (the HTTP interface takes one per request). */
export function schemaStatements() {
  return readFileSync(join(FLEET, 'schema.sql'), 'utf8')
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a local ClickHouse. Returns its URLs (admin, kiosk, dashboard: each with its user's credentials),
 * `query(sql, user?)`, `stop()` and `start()` (same data), and `dispose()` (stops it and deletes the folder).
 */
export async function startClickHouse() {
  ensureClickHouse();
  const dir = mkdtempSync(join(tmpdir(), 'fleet-clickhouse-'));
  const passwords = { admin: 'a', kiosk: 'k', dashboard: 'd' };
  for (const user of Object.keys(passwords)) passwords[user] = randomBytes(12).toString('hex');
  const users = readFileSync(join(FLEET, 'users.xml'), 'utf8').replace(
    /CHANGE-ME-(admin|kiosk|dashboard)/g,
    (_, user) => passwords[user],
  );
  writeFileSync(join(dir, 'users.xml'), users);
  const [httpPort, tcpPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'config.xml'), serverConfig(dir, httpPort, tcpPort));
  const origin = `http://127.0.0.1:${httpPort}`;
  const url = (user, name) => `${origin}/?user=${name}&password=${passwords[user]}`;
  const urls = {
    admin: url('admin', 'default'),
    kiosk: url('kiosk', 'kiosk'),
    dashboard: url('dashboard', 'dashboard'),
  };
  let child = null;

  async function query(sql, user = 'admin') {
    const response = await fetch(urls[user], { method: 'POST', body: sql });
    const text = await response.text();
    if (!response.ok) throw new Error(`ClickHouse ${response.status}: ${text.trim().slice(0, 300)}`);
    return text;
  }

  async function start() {
    child = spawn(CLICKHOUSE_PATH, [`--config-file=${join(dir, 'config.xml')}`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let said = '';
    child.stderr.on('data', (d) => (said = (said + d).slice(-2000)));
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`clickhouse-server exited: ${said}`);
      const ok = await fetch(`${origin}/ping`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error('clickhouse-server did not answer /ping within 30 s');
  }

  /** SIGTERM: ClickHouse finishes the queries it runs and exits. */
  async function stop() {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    child = null;
  }

  /** Stops it and deletes its folder in the background: after many small inserts that is 100,000s of files. */
  async function dispose() {
    await stop();
    spawn('rm', ['-rf', dir], { detached: true, stdio: 'ignore' }).unref();
  }

  try {
    await start();
    for (const statement of schemaStatements()) await query(statement);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { origin, urls, query, start, stop, dispose, dir };
}
