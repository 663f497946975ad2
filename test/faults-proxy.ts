import { sql } from 'kysely';
import type { TestServer } from './server-helpers.js';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server, to take it away and give it back while a client keeps
 * running: `cut('refuse')` drops every connection and closes new ones at once (server down),
 * `cut('blackhole')` drops them and leaves new ones unanswered (network gone), `restore()`
 * forwards again.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private mode: 'forward' | 'refuse' | 'blackhole' = 'forward';
  /** Connections accepted (forwarded or not) since the start. */
  accepted = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    const a = this.server.address();
    if (!a || typeof a === 'string') throw new Error('proxy is not listening');
    return a.port;
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
  }

  private accept(client: Socket): void {
    this.accepted++;
    this.track(client);
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    if (this.mode === 'blackhole') return; // held open, never answered
    const upstream = createConnection(this.target);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  /** Loses the server: every open connection is destroyed. */
  cut(mode: 'refuse' | 'blackhole'): void {
    this.mode = mode;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    // Blackholed connections never got an answer; their clients time out on their own.
    for (const s of this.sockets) s.destroy();
    this.mode = 'forward';
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** `url` with its host and port replaced by the proxy's. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}

/** Target host and port of a postgres:// or redis:// URL. */
export function targetOf(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || defaultPort) };
}

/** Value of one Prometheus series (exact name and labels) in a /metrics text; undefined when absent. */
export function metricValue(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Holds `n` pool connections, each inside a transaction, until `release` runs. */
export async function holdConnections(s: TestServer, n: number): Promise<{ release: () => Promise<void> }> {
  const { db } = s.deps.database;
  const releases: (() => void)[] = [];
  const held: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    let entered!: () => void;
    const inside = new Promise<void>((r) => { entered = r; });
    held.push(db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      entered();
      await new Promise<void>((r) => releases.push(r));
    }));
    await inside;
  }
  return { release: async () => { for (const r of releases) r(); await Promise.all(held); } };
}
