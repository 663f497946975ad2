/** Serving web/dist at `/`: client routes, caching, pre-compressed assets, the API's 404 intact. */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { startTestServer, testDatabaseKinds, type TestServer } from '../server-helpers.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

describe.each(testDatabaseKinds())('web UI serving on $name', ({ url }) => {
  let s: TestServer;
  let web: string;

  beforeAll(async () => {
    web = await mkdtemp(join(tmpdir(), 'medgen-web-dist-'));
    await mkdir(join(web, 'assets'));
    await writeFile(join(web, 'index.html'), INDEX);
    await writeFile(join(web, 'assets', 'index-abc123.js'), SCRIPT);
    await writeFile(join(web, 'assets', 'index-abc123.js.gz'), gzipSync(SCRIPT));
    await writeFile(join(web, 'sample-patients.json'), '[]');
    s = await startTestServer({ url, env: { WEB_DIR: web } });
  });
  afterAll(async () => {
    await s?.close();
    await rm(web, { recursive: true, force: true });
  });

  it('answers / and every client route with index.html, revalidated', async () => {
    for (const path of ['/', '/generate', '/jobs', '/timeline?job=abc', '/dashboard', '/settings']) {
      const r = await s.call(path, { key: null });
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(await r.text()).toBe(INDEX);
    }
    expect(await (await s.call('/sample-patients.json', { key: null })).text()).toBe('[]');
  });

  it('caches hashed assets for a year and sends the pre-compressed file when accepted', async () => {
    const r = await s.call('/assets/index-abc123.js', { key: null, headers: { 'Accept-Encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(await r.text()).toBe(SCRIPT);
    const plain = await s.call('/assets/index-abc123.js', { key: null, headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);
  });

  it('keeps the JSON 404 envelope for unknown paths and does not serve the .gz files by name', async () => {
    for (const path of ['/nowhere', '/api/v1/nowhere', '/assets/index-abc123.js.gz', '/assets/missing.js']) {
      const r = await s.call(path, { key: null });
      expect(r.status, path).toBe(404);
      expect(await r.json()).toMatchObject({ error: 'Not Found' });
    }
  });

  it('lets the page load its own scripts over plain HTTP (no upgrade-insecure-requests)', async () => {
    const csp = (await s.call('/', { key: null })).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});

describe('web UI serving without a build', () => {
  it('explains at / how to build the UI', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'medgen-web-none-'));
    const s = await startTestServer({ env: { WEB_DIR: empty } });
    try {
      const r = await s.call('/', { key: null });
      expect(r.status).toBe(503);
      expect(await r.text()).toContain('npm run build');
      expect((await s.call('/jobs', { key: null })).status).toBe(404);
    } finally {
      await s.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
