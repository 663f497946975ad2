// `node bench/formats.mjs [--quick] [--million]`: the output-format benchmarks of docs/benchmarks.md
// ("Formats"), each in a fresh process (bench/formats-child.mjs) over the build (`npm run build` first).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { deriveKey } from '../dist/formats/index.js';

const quick = process.argv.includes('--quick');
const million = process.argv.includes('--million');
const root = mkdtempSync(join(tmpdir(), 'medgen-bench-formats-'));
let k = 0;
const child = (patients, formats, workers = 1, ...flags) => {
  const out = join(root, String(k++));
  try {
    return JSON.parse(execFileSync(process.execPath, ['bench/formats-child.mjs', String(patients), formats, String(workers), out, ...flags], { encoding: 'utf8' }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};
const rows = [];
const record = (name, r, target, pass) => {
  rows.push({ name, ...r, target, pass });
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${r.rate}/s wall (${r.seconds.toFixed(1)} s), ${r.cpuRate}/s of CPU time, peak RSS ${r.maxRssMB} MB, ${(r.bytes / 2 ** 20).toFixed(0)} MiB  (target: ${target})`);
};

try {
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB\n`);
  const n = quick ? 20_000 : 200_000;
  child(5_000, 'csv'); // warm the disk cache and the build
  const csv = child(n, 'csv');
  record(`csv, ${n} patients, 1 worker`, csv, '≥ 80,000 patients/s', csv.cpuRate >= 80_000);
  const fhir = child(n, 'fhir');
  record(`fhir (collection bundles), ${n} patients, 1 worker`, fhir, '≥ 15,000 bundles/s', fhir.cpuRate >= 15_000);
  for (const f of ['timeline', 'xml', 'fhir-bulk']) record(`${f}, ${n} patients, 1 worker`, child(n, f), 'informational', true);
  record(`xlsx, ${n / 4} patients, 1 worker`, child(n / 4, 'xlsx'), 'informational', true);
  // Key derivation is a fixed cost per file (PBKDF2, 600,000 iterations); the streaming cost is the rest.
  const kdf0 = process.cpuUsage();
  await deriveKey('benchmark password', randomBytes(16));
  const kdfCpu = (process.cpuUsage(kdf0).user + process.cpuUsage(kdf0).system) / 1e6;
  console.log(`PBKDF2-HMAC-SHA256, 600,000 iterations: ${kdfCpu.toFixed(2)} s of CPU per file`);
  for (const f of ['csv', 'fhir']) {
    const plain = f === 'csv' ? csv : fhir;
    const enc = child(n, f, 1, 'encrypt');
    const cost = enc.cpuSeconds / plain.cpuSeconds - 1;
    const streaming = (enc.cpuSeconds - kdfCpu) / plain.cpuSeconds - 1;
    record(`${f} --encrypt, ${n} patients (CPU +${(cost * 100).toFixed(1)} % in all, +${(streaming * 100).toFixed(1)} % without the key derivation)`, enc,
      '< 15 % on top of the format', streaming < 0.15);
    const gz = child(n, f, 1, 'gzip');
    record(`${f} --gzip, ${n} patients`, gz, 'informational', true);
  }
  record(`csv,xml,fhir --zip --encrypt, ${n / 4} patients`, child(n / 4, 'csv,xml,fhir', 1, 'zip', 'encrypt'), 'informational', true);
  if (million) {
    for (const f of ['csv', 'xml', 'fhir', 'xlsx']) {
      const r = child(1_000_000, f);
      record(`${f}, 1,000,000 patients, peak memory`, r, 'peak RSS ≤ 250 MB', r.maxRssMB <= 250);
    }
  }
  const failed = rows.filter((r) => !r.pass).length;
  console.log(`\n${rows.length - failed} passed, ${failed} failed`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
