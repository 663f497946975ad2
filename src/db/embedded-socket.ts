import { chmod, mkdir, open, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { DomainError } from '../errors/index.js';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from './database.js';
import type { SerialLock } from './pglite-driver.js';

/**
 * Only one process may open an embedded database. The process that opens it (normally
 * `medgen serve`) claims it in `<infoDir>/db.socket-info` and serves it on a local socket; other
 * commands (`medgen keys …`) that find a live owner talk PostgreSQL to that socket instead.
 */
export interface SocketInfo {
  pid: number;
  /** Directory of the Unix socket `.s.PGSQL.<port>` (pg's convention), when not TCP. */
  socket_dir?: string;
  host?: string;
  port?: number;
  started_at: string;
}

export const SOCKET_INFO_FILE = 'db.socket-info';
const SOCKET_PORT = 5432;
/** sun_path holds 104–108 bytes depending on the platform; longer paths fall back to loopback TCP. */
const MAX_SOCKET_PATH = 100;

export class DatabaseBusyError extends DomainError {
  constructor(message: string) {
    super('DATABASE_BUSY', message);
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readInfo(file: string): Promise<SocketInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as SocketInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The owner of the embedded database under infoDir, if a live process holds it. */
export async function findDatabaseOwner(infoDir: string): Promise<SocketInfo | undefined> {
  const info = await readInfo(join(infoDir, SOCKET_INFO_FILE));
  return info && alive(info.pid) ? info : undefined;
}

/** Claims the embedded database for this process (atomic create); a stale claim is replaced. */
async function claim(infoDir: string): Promise<string> {
  await mkdir(infoDir, { recursive: true });
  const file = join(infoDir, SOCKET_INFO_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      await fh.writeFile(JSON.stringify({ pid: process.pid, started_at: new Date().toISOString() } satisfies SocketInfo));
      await fh.close();
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = await readInfo(file);
      if (owner && alive(owner.pid)) throw new DatabaseBusyError(`the embedded database in ${infoDir} is in use by process ${owner.pid}`);
      await rm(file, { force: true });
    }
  }
  throw new DatabaseBusyError(`cannot claim the embedded database in ${infoDir}`);
}

/**
 * Watches backend messages for ReadyForQuery ('Z', length 5) and remembers its transaction
 * status: 'I' idle, 'T' in a transaction, 'E' in a failed transaction.
 */
class ReadyTracker {
  private header = Buffer.alloc(5);
  private headerFill = 0;
  private remaining = 0;
  private inReady = false;
  status: number | undefined;

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        if (this.inReady) this.status = chunk[i + take - 1];
        this.remaining -= take;
        i += take;
        continue;
      }
      this.header[this.headerFill++] = chunk[i++] ?? 0;
      if (this.headerFill === 5) {
        this.headerFill = 0;
        const length = this.header.readInt32BE(1);
        this.inReady = this.header[0] === 0x5a && length === 5;
        this.remaining = Math.max(0, length - 4);
      }
    }
  }
}

const IDLE = 0x49;

/**
 * Replaces pglite-socket's query queue so that socket traffic takes the same SerialLock as the
 * in-process queries: a socket client holds the lock from its first message until PGlite says
 * it is idle again (ReadyForQuery 'I'), so neither side's transaction or extended-protocol
 * sequence (Parse … Sync) can interleave with the other's.
 */
class LockedQueryQueue {
  private holder: number | undefined;
  private release: (() => void) | undefined;
  private readonly chains = new Map<number, Promise<unknown>>();
  private readonly gone = new Set<number>();

  constructor(private readonly pglite: PGlite, private readonly lock: SerialLock) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    // One handler may call enqueue again before the previous call finished: keep its order.
    const previous = this.chains.get(handlerId) ?? Promise.resolve();
    const next = previous.then(() => this.run(handlerId, message, onData), () => this.run(handlerId, message, onData));
    this.chains.set(handlerId, next.catch(() => undefined));
    return next;
  }

  private async run(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.gone.has(handlerId)) throw new Error('Handler disconnected');
    if (this.holder !== handlerId) {
      this.release = await this.lock.acquire();
      this.holder = handlerId;
    }
    const tracker = new ReadyTracker();
    let bytes = 0;
    try {
      await this.pglite.runExclusive(() => this.pglite.execProtocolRawStream(message, {
        onRawData: (data) => {
          bytes += data.length;
          tracker.feed(data);
          onData(data);
        },
      }));
    } finally {
      const terminate = message[0] === 0x58; // 'X'
      if (terminate || (tracker.status === IDLE && !this.pglite.isInTransaction())) this.letGo(handlerId);
    }
    return bytes;
  }

  private letGo(handlerId: number): void {
    if (this.holder !== handlerId) return;
    const release = this.release;
    this.holder = undefined;
    this.release = undefined;
    release?.();
  }

  clearQueueForHandler(handlerId: number): void {
    this.gone.add(handlerId);
    this.chains.delete(handlerId);
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.holder !== handlerId) return;
    try {
      if (this.pglite.isInTransaction()) await this.pglite.exec('rollback');
    } finally {
      this.letGo(handlerId);
    }
  }
}

/** A dropped client must never keep the database locked for long. */
const SOCKET_IDLE_TIMEOUT_MS = 60_000;

async function listen(server: Server, target: { path: string } | { host: string; port: number }): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(target, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Serves an open PGlite on a local socket; returns where and a stop function. */
async function serveSocket(pglite: PGlite, lock: SerialLock, infoDir: string): Promise<{ info: SocketInfo; stop(): Promise<void> }> {
  const queue = new LockedQueryQueue(pglite, lock);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const options: PGLiteSocketHandlerOptions = {
      queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'],
      closeOnDetach: true,
      idleTimeout: SOCKET_IDLE_TIMEOUT_MS,
    };
    new PGLiteSocketHandler(options).attach(socket).catch(() => socket.destroy());
  });
  const info: SocketInfo = { pid: process.pid, started_at: new Date().toISOString() };
  const socketPath = join(infoDir, `.s.PGSQL.${SOCKET_PORT}`);
  if (process.platform !== 'win32' && Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH) {
    await rm(socketPath, { force: true });
    await listen(server, { path: socketPath });
    await chmod(socketPath, 0o600); // the database has no password: only its owner may connect
    info.socket_dir = infoDir;
  } else {
    await listen(server, { host: '127.0.0.1', port: 0 });
    const address = server.address();
    info.host = '127.0.0.1';
    info.port = typeof address === 'object' && address ? address.port : 0;
  }
  return {
    info,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/** The pg connection URL of a served embedded database. */
export function socketUrl(info: SocketInfo): string {
  if (info.socket_dir) return `postgres://postgres@${encodeURIComponent(info.socket_dir)}:${SOCKET_PORT}/postgres`;
  return `postgres://postgres@${info.host ?? '127.0.0.1'}:${info.port ?? SOCKET_PORT}/postgres`;
}

export interface SharedDatabaseOptions extends DatabaseOptions {
  /** Where `db.socket-info` (and the Unix socket) live: the DATA_DIR. */
  infoDir: string;
}

/**
 * For `medgen serve`: opens the configured database; an embedded one is claimed for this process
 * and served on a local socket until the handle is closed.
 */
export async function openServedDatabase(opts: SharedDatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) return openDatabase(opts);
  const file = await claim(opts.infoDir);
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase(opts);
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  if (!handle.pglite || !handle.lock) return handle;
  let served: Awaited<ReturnType<typeof serveSocket>>;
  try {
    served = await serveSocket(handle.pglite, handle.lock, opts.infoDir);
    const fh = await open(file, 'w', 0o600);
    await fh.writeFile(JSON.stringify(served.info));
    await fh.close();
  } catch (err) {
    await handle.close();
    await rm(file, { force: true });
    throw err;
  }
  const close = handle.close.bind(handle);
  return Object.assign(handle, {
    async close() {
      await served.stop();
      await close();
      if (served.info.socket_dir) await rm(join(served.info.socket_dir, `.s.PGSQL.${SOCKET_PORT}`), { force: true });
      await rm(file, { force: true });
    },
  });
}

/**
 * For CLI commands: the configured database. An embedded database held by a running server is
 * reached through that server's socket; otherwise it is opened (and claimed) directly.
 */
export async function openClientDatabase(opts: SharedDatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) return openDatabase(opts);
  const owner = await findDatabaseOwner(opts.infoDir);
  if (owner && (owner.socket_dir || owner.port)) return openDatabase({ ...opts, url: socketUrl(owner), poolMax: 1 });
  if (owner) throw new DatabaseBusyError(`the embedded database in ${opts.infoDir} is in use by process ${owner.pid}; try again when it has finished`);
  const file = await claim(opts.infoDir);
  try {
    const handle = await openDatabase(opts);
    const close = handle.close.bind(handle);
    return Object.assign(handle, {
      async close() {
        try {
          await close();
        } finally {
          await rm(file, { force: true });
        }
      },
    });
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}
