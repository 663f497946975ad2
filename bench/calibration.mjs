// `node bench/calibration.mjs [--patients 100000]` (after `npm run build`): the realism report's
// statistics on the default scenario and every preset, one Markdown row each, as docs/calibration.md
// records them. Each row: N patients with the preset's seed (42 for the default scenario), then the
// band verdict of the preset at its own size and seed. Exits 1 when a band fails at N.
import { existsSync } from 'node:fs';

const i = process.argv.indexOf('--patients');
const N = i > 0 ? Number(process.argv[i + 1]) : 100_000;
if (!Number.isInteger(N) || N < 1) {
  console.error('usage: node bench/calibration.mjs [--patients N]');
  process.exit(2);
}
if (!existsSync(new URL('../dist/engine/index.js', import.meta.url))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
const { createRun, generateRange, defaultScenario, getPreset, parseScenario, PRESETS, ReportAccumulator } = await import('../dist/engine/index.js');

const p1 = (x) => (x * 100).toFixed(1);
const h = (x) => (x === null ? '-' : x.toFixed(1));
const share = (rows, keys) => rows.filter((r) => keys.includes(r.key)).reduce((a, r) => a + r.share, 0);
const failed = (r) => r.bands.filter((b) => !b.pass).map((b) => b.id);
const verdict = (r) => (failed(r).length > 0 ? `FAIL ${failed(r).join(', ')}` : 'PASS');

function measure(scenario, patients, seed) {
  const run = createRun({ ...scenario, total_patients: patients }, seed);
  const acc = new ReportAccumulator(run.scenario);
  for (const p of generateRange(run)) acc.add(p);
  return acc.result();
}

console.log(`| scenario | BT | CFR | %KIA | %DOW | DNBI deaths | explosive / gunshot / drone | extremity / head-neck-face / chest / abdomen | ISS ≥ 16 | h to R1 median / p90 | h to surgery median / p90 | triage changed | bands at ${N.toLocaleString('en-US')} | at its own size |`);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
let anyFailed = false;
for (const id of ['default', ...PRESETS.map((p) => p.id)]) {
  const scenario = id === 'default' ? defaultScenario() : parseScenario(structuredClone(getPreset(id).input)).scenario;
  const seed = id === 'default' ? 42 : scenario.seed;
  const big = measure(scenario, N, seed);
  const own = measure(scenario, scenario.total_patients, seed);
  anyFailed ||= failed(big).length > 0;
  const s = big.statistics;
  const info = big.bands.filter((b) => b.informational).map((b) => b.id);
  const notApplicable = own.bands.filter((b) => !b.applicable && !b.informational).length;
  console.log([
    id, s.battle.casualties, p1(s.battle.cfr), p1(s.battle.pct_kia), p1(s.battle.pct_dow), p1(s.dnbi.death_rate),
    ['explosive', 'gunshot', 'drone'].map((k) => p1(share(s.mechanisms, [k]))).join(' / '),
    [['extremities'], ['head_neck', 'face'], ['chest'], ['abdomen']].map((k) => p1(share(s.body_regions, k))).join(' / '),
    p1(share(s.iss, ['16–24', '25–74', '75'])),
    `${h(s.time_to_role1.median)} / ${h(s.time_to_role1.p90)}`, `${h(s.time_to_surgery.median)} / ${h(s.time_to_surgery.p90)}`,
    p1(s.triage.changed_share),
    verdict(big) + (info.length > 0 ? ` (informational: ${info.join(', ')})` : ''),
    `${scenario.total_patients.toLocaleString('en-US')}: ${verdict(own)}${notApplicable > 0 ? `, ${notApplicable} n/a` : ''}`,
  ].map((c) => ` ${c} `).join('|').replace(/^/, '|').replace(/$/, '|'));
}
process.exit(anyFailed ? 1 : 0);
