import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'medgen-worker-modules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `medgen worker` runs jobs and serves no HTTP: it loads the database and the job service, whose
 * metrics are a narrow interface of their own (JobMetrics), and nothing of the server.
 */
describe('the job worker process', () => {
  it('loads the job service and the database, and not the server, fastify or prom-client', () => {
    // Preloaded into the process: at exit it lists the CommonJS packages it loaded (packages
    // imported from ESM land in require's cache too).
    const lister = join(dir, 'list-packages.cjs');
    const list = join(dir, 'packages.json');
    writeFileSync(lister, [
      `process.on('exit', () => {`,
      `  const names = Object.keys(require.cache).map((k) => k.match(/node_modules[\\\\/]((@[^\\\\/]+[\\\\/])?[^\\\\/]+)/)?.[1]).filter(Boolean);`,
      `  require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify([...new Set(names)]));`,
      `});`,
    ].join('\n'));
    // Nothing listens on port 1: the worker loads its modules, then stops at the connection.
    const res = spawnSync(process.execPath, ['bin/medgen.js', 'worker'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env, NODE_OPTIONS: `--require ${lister}`,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', OUTPUT_DIR: join(dir, 'out'), DATA_DIR: join(dir, 'data'),
      },
    });
    expect(res.status).not.toBe(0);
    const loaded = JSON.parse(readFileSync(list, 'utf8')) as string[];
    expect(loaded).toEqual(expect.arrayContaining(['pg', 'pg-boss']));
    for (const server of ['fastify', 'prom-client', '@fastify/swagger']) expect(loaded).not.toContain(server);
  });
});
