import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The real `medgen` binary (compiled: run `npm run build` first) and servers in child processes. */
export const BIN = new URL('../bin/medgen.js', import.meta.url).pathname;

export interface Run { code: number; stdout: string; stderr: string }

export function medgen(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

/**
 * Starts a long-running `medgen` role in a child process and waits until its output matches
 * `ready` (the first capture is the URL, when there is one); `log()` reads all output so far.
 */
export async function spawnRole(env: Record<string, string>, args: string[], ready: RegExp): Promise<{ child: ChildProcess; url: string; log(): string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const onData = (chunk: Buffer): void => { log += chunk.toString(); };
  child.stderr.on('data', onData);
  child.stdout.on('data', onData);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a hung start behind
      reject(new Error(`${args.join(' ')} did not start:\n${log}`));
    }, 120_000);
    const check = (): void => {
      const m = ready.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] ?? '');
      }
    };
    child.stderr.on('data', check);
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${log}`));
    });
  });
  return { child, url, log: () => log };
}

/** `medgen serve` (or another long-running role) in a child process; resolves once it is ready. */
export async function serve(env: Record<string, string>, args: string[] = ['serve'], ready = /listening on (http:\/\/[\d.:]+)/): Promise<ServeProcess> {
  const { child, url } = await spawnRole(env, args, ready);
  return {
    url,
    child,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    }),
  };
}

export interface Workspace {
  env: Record<string, string>;
  /** PostgreSQL URL of a database of its own (postgres kind), else undefined. */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

/** A DATA_DIR of its own and, for PostgreSQL, a fresh database that is dropped afterwards. */
export async function workspace(testDatabaseUrl?: string): Promise<Workspace> {
  const dataDir = await mkdtemp(join(tmpdir(), 'medgen-kcli-'));
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (testDatabaseUrl) {
    dbName = `medgen_keys_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(testDatabaseUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  return {
    env: { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl, AUTO_MIGRATE: 'true' } : {}) },
    databaseUrl,
    async dispose() {
      if (testDatabaseUrl && dbName) {
        const admin = new pg.Client({ connectionString: testDatabaseUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
