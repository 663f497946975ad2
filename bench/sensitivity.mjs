// `npm run bench:sensitivity` (after `npm run build`): the outcome's sensitivity to evacuation delay.
// The default scenario (fixed seed) with every evacuation and transit time multiplied by ×1, ×2, ×4;
// prints KIA and DOW as shares of battle casualties, CFR, %KIA, %DOW (Holcomb 2006) and RTD72, and
// exits 1 unless KIA, DOW and CFR rise strictly with the delay. docs/calibration.md records the table.
//   node bench/sensitivity.mjs [--patients 50000] [--seed 42] [--factors 1,2,4]
import { existsSync } from 'node:fs';
import { arch, cpus } from 'node:os';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const patients = Number(arg('patients', '50000'));
const seed = Number(arg('seed', '42'));
const factors = arg('factors', '1,2,4').split(',').map(Number);
if (!Number.isInteger(patients) || patients < 1 || factors.some((f) => !(f > 0))) {
  console.error('usage: node bench/sensitivity.mjs [--patients N] [--seed S] [--factors 1,2,4]');
  process.exit(2);
}
if (!existsSync(new URL('../dist/engine/index.js', import.meta.url))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

const { defaultScenario } = await import('../dist/engine/index.js');
const { formatSensitivity, monotoneFailures, sensitivityRow } = await import('../dist/engine/report/index.js');

const started = performance.now();
const rows = factors.map((f) => sensitivityRow(defaultScenario(), f, patients, seed));
const seconds = (performance.now() - started) / 1000;
console.log(`default scenario, ${patients.toLocaleString('en-US')} patients, seed ${seed}; evacuation and transit times ×${factors.join(', ×')}`);
console.log(formatSensitivity(rows));
console.log(`${seconds.toFixed(1)} s on ${cpus()[0]?.model ?? 'unknown CPU'} (${arch()}), Node ${process.version}`);
const failures = monotoneFailures(rows);
for (const f of failures) console.error(`NOT MONOTONE: ${f}`);
process.exit(failures.length > 0 ? 1 : 0);
