// A `medgen serve` child process (from dist/) on a database of its own, for the load and RSS
// benchmarks: PostgreSQL (CREATE DATABASE medgen_bench_<name>, dropped afterwards) or, with
// `embedded`, PGlite in a temporary DATA_DIR. Also: /proc readings of the child and an admin
// call to create API keys through the operator key.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** `--name value` and `--flag` from argv. */
export function args(argv = process.argv.slice(2)) {
  const get = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
  };
  const has = (name) => argv.includes(`--${name}`);
  return { get, has };
}

async function admin(adminUrl, sql) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

/** Resident memory (MB) of a process now, or undefined once it is gone. */
export function rssMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of a process, all threads, or of one thread `tid` (Linux only). */
export function cpuSeconds(pid, tid) {
  try {
    const fields = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/**
 * Starts the server and resolves once it listens. `stop()` ends it (SIGTERM, then SIGKILL after
 * `graceMs`), drops the database and removes the data directory; safe to call twice.
 */
export async function startServer({ name, embedded, adminUrl = DEFAULT_ADMIN_URL, env: extraEnv = {}, graceMs = 30_000 }) {
  if (!existsSync(new URL('../dist/cli/index.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` (or `npm run build`) first');
  }
  const dataDir = mkdtempSync(join(tmpdir(), `medgen-bench-${name}-`));
  const dbName = `medgen_bench_${name}`;
  let databaseUrl;
  if (!embedded) {
    // A run killed earlier may have left it behind; it is ours by name.
    await admin(adminUrl, `drop database if exists ${dbName} with (force)`);
    await admin(adminUrl, `create database ${dbName}`);
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const operatorKey = `bench-operator-${randomBytes(12).toString('hex')}`;
  const env = {
    ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir,
    API_KEY: operatorKey, AUTO_MIGRATE: 'true', DEMO_KEY_ENABLED: 'false', ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (extraEnv.REDIS_URL) env.REDIS_URL = extraEnv.REDIS_URL;

  const logPath = join(dataDir, 'server.log');
  const logFile = createWriteStream(logPath);
  const bin = fileURLToPath(new URL('../bin/medgen.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const errorLines = [];
  let head = '';
  let exited;
  const onData = (chunk) => {
    logFile.write(chunk);
    const text = chunk.toString();
    if (head.length < 20_000) head += text;
    for (const line of text.split('\n')) {
      // pino levels: 50 error, 60 fatal
      if (/"level":(50|60)/.test(line) && errorLines.length < 20) errorLines.push(line.slice(0, 2000));
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, graceMs);
      await exit;
      clearTimeout(timer);
    }
    await new Promise((r) => logFile.end(r));
    if (!embedded) await admin(adminUrl, `drop database if exists ${dbName} with (force)`).catch((err) => console.error(`could not drop ${dbName}: ${err.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${head}`)), 120_000);
      const check = () => {
        const m = /listening on (http:\/\/[\d.:]+)/.exec(head);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      exit.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}) before listening:\n${head}`)); });
    });
    return {
      url, child, pid: child.pid, dataDir, logPath, errorLines, operatorKey, dbName: embedded ? undefined : dbName,
      database: embedded ? 'embedded (PGlite)' : `PostgreSQL ${dbName}`,
      exited: () => exited, stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Seconds a thread spent running and waiting in the CPU run queue (/proc/…/schedstat): run-queue
 * time is what a machine shared with other work costs a process that wants the CPU.
 */
export function schedSeconds(pid, tid = pid) {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { run: run / 1e9, wait: wait / 1e9 };
  } catch {
    return undefined;
  }
}

/**
 * Samples how the server's PostgreSQL backends spend their time (pg_stat_activity) every second:
 * tells a slow database from a server that holds connections without querying. `stop()` returns
 * the mean number of backends per state.
 */
export async function watchBackends(server, adminUrl = DEFAULT_ADMIN_URL) {
  if (!server.dbName) return { stop: async () => undefined };
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  const totals = {};
  let n = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    c.query(`select coalesce(state, '?') || case when wait_event_type is null then '' else ' (' || wait_event_type || ')' end as s, count(*)::int as n
             from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() group by 1`, [server.dbName])
      .then((r) => { n++; for (const row of r.rows) totals[row.s] = (totals[row.s] ?? 0) + row.n; })
      .catch(() => undefined)
      .finally(() => { busy = false; });
  }, 1000);
  return {
    stop: async () => {
      clearInterval(timer);
      await c.end().catch(() => undefined);
      return { samples: n, mean_backends: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Number((v / Math.max(1, n)).toFixed(1))])) };
    },
  };
}

/** Creates a live key through the admin API and returns the key itself. */
export async function createKey(server, name, limits) {
  const r = await fetch(`${server.url}/api/v1/admin/keys/`, {
    method: 'POST',
    headers: { 'X-API-Key': server.operatorKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, limits }),
  });
  if (r.status !== 201) throw new Error(`creating key ${name}: ${r.status} ${await r.text()}`);
  return (await r.json()).key;
}
