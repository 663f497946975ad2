// `npm run build && node bench/auth.mjs [--redis redis://127.0.0.1:6379] [--requests 5000]`:
// the latency that key authentication + the request-window check add to one request (target: < 2 ms with Redis on loopback, docs/keys.md).
// Two measures, medians over sequential requests:
//   hook   — Authenticator.authenticate + KeyLimiter.checkRequest + usage counting, called directly;
//   http   — the same protected and public route through Fastify (inject): protected minus public.
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { Authenticator, createKeyLimiter, KeyService, UsageRecorder } from '../dist/auth/index.js';
import { loadConfig } from '../dist/config/index.js';
import { KeysRepository, migrateUp, openDatabase, UsageRepository } from '../dist/db/index.js';
import { buildApp, Metrics } from '../dist/server/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const requests = Number(arg('--requests', '5000'));
const redisUrl = arg('--redis', process.env.TEST_REDIS_URL);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

async function measure(store) {
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateUp(database);
  const keys = new KeysRepository(database.db);
  const authenticator = new Authenticator(keys, { demoKeyEnabled: true });
  await authenticator.ensureBuiltInKeys();
  const service = new KeyService(keys, new UsageRepository(database.db));
  // Limits no request here reaches: every call does the full check and is admitted.
  const { key } = await service.create({ name: 'bench', limits: { requests_per_minute: 2_000_000_000, requests_per_hour: 2_000_000_000 } });
  const prefix = `medgen-bench-${process.pid}-${Date.now()}`;
  const limiter = await createKeyLimiter({ redisUrl: store === 'redis' ? redisUrl : undefined, keyPrefix: prefix });
  const usage = new UsageRecorder(new UsageRepository(database.db)).start();

  const hook = [];
  for (let i = 0; i < requests + 500; i++) {
    const t = performance.now();
    const auth = await authenticator.authenticate(key);
    const decision = await limiter.checkRequest(auth.principal.keyId, auth.principal.limits);
    usage.request(auth.principal.keyId);
    const dt = performance.now() - t;
    if (!decision.ok) throw new Error('refused');
    if (i >= 500) hook.push(dt);
  }
  await usage.close();
  await limiter.close();

  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/medgen-bench', ...(store === 'redis' ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {}) });
  const deps = { config, database, authenticator, metrics: new Metrics(), healthChecks: {} };
  const app = await buildApp(deps, {
    logger: false,
    routes: [(a) => {
      a.get('/bench/protected', { config: { auth: 'key' } }, async () => ({ ok: true }));
      a.get('/bench/public', async () => ({ ok: true }));
    }],
  });
  await app.ready();
  const time = async (url, headers) => {
    const t = performance.now();
    const r = await app.inject({ method: 'GET', url, headers });
    const dt = performance.now() - t;
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
    return dt;
  };
  const pub = [];
  const prot = [];
  for (let i = 0; i < requests + 500; i++) {
    // Alternate so that both routes see the same machine load.
    const a = await time('/bench/public', {});
    const b = await time('/bench/protected', { 'x-api-key': key });
    if (i >= 500) {
      pub.push(a);
      prot.push(b);
    }
  }
  await app.close();
  await database.close();
  return {
    store,
    hookMedianMs: median(hook), hookP95Ms: p95(hook),
    publicMedianMs: median(pub), protectedMedianMs: median(prot), addedMedianMs: median(prot) - median(pub),
  };
}

console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}; ${requests} sequential requests per measure\n`);
const targets = { memory: 0.5, redis: 2 };
let failed = 0;
for (const store of ['memory', ...(redisUrl ? ['redis'] : [])]) {
  const r = await measure(store);
  const worst = Math.max(r.hookMedianMs, r.addedMedianMs);
  const pass = worst < targets[store];
  if (!pass) failed++;
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${store}: auth + limit check ${r.hookMedianMs.toFixed(3)} ms median (p95 ${r.hookP95Ms.toFixed(3)} ms); `
    + `HTTP protected ${r.protectedMedianMs.toFixed(3)} ms vs public ${r.publicMedianMs.toFixed(3)} ms → adds ${r.addedMedianMs.toFixed(3)} ms  (target < ${targets[store]} ms)`);
}
if (!redisUrl) console.log('(no Redis measure: pass --redis redis://127.0.0.1:6379 or set TEST_REDIS_URL)');
process.exitCode = failed > 0 ? 1 : 0;
