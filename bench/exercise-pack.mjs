// Exercise pack throughput and memory (docs/benchmarks.md, "Exercise pack"): runs
// `medgen generate` as a child process for casualty cards (cards-pdf) at two counts, so a flat
// peak RSS shows the PDF writer does not grow with the number of cards, and for the MSEL (CSV and
// XLSX) at 100,000 casualties. Peak RSS is the child's own high-water mark (getrusage's maxRSS,
// every thread of the process), printed by a hook loaded with --import as the process exits.
//
//   npx tsc -p tsconfig.build.json && node bench/exercise-pack.mjs
//     [--cards 1000,10000] [--layout a4] [--msel 100000] [--workers 1] [--json out.json]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { args } from './bench-server.mjs';

const { get } = args();
const cardCounts = get('cards', '1000,10000').split(',').map(Number);
const layout = get('layout', 'a4');
const mselCount = Number(get('msel', '100000'));
const workers = get('workers', '1');
const jsonOut = get('json', undefined);

const bin = fileURLToPath(new URL('../bin/medgen.js', import.meta.url));
const HOOK = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxrss-kb "+process.resourceUsage().maxRSS+"\\n"))';

/** Runs one generate; returns seconds, peak RSS (MB) and the output files' sizes. */
function generate(format, patients, extra = []) {
  const out = mkdtempSync(join(tmpdir(), 'medgen-bench-pack-'));
  const argv = ['--import', HOOK, bin, 'generate', '--patients', String(patients), '--seed', '1', '--format', format, '--workers', workers, '--quiet', '--out', out, ...extra];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const files = Object.fromEntries(readdirSync(out).map((f) => [f, statSync(join(out, f)).size]));
      rmSync(out, { recursive: true, force: true });
      const kb = /maxrss-kb (\d+)/.exec(err)?.[1];
      if (code !== 0 || kb === undefined) reject(new Error(`generate ${format} exited ${code}: ${err.slice(-500)}`));
      else resolve({ seconds, peakRssMB: Number(kb) / 1024, files });
    });
  });
}

const r = (v, d = 0) => Number(v.toFixed(d));
const results = { machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, load: loadavg().map((v) => r(v, 1)) }, cards: [], msel: [] };

for (const n of cardCounts) {
  const run = await generate('cards-pdf', n, ['--card-layout', layout]);
  const row = { casualties: n, layout, seconds: r(run.seconds, 1), cards_per_s: r((2 * n) / run.seconds), casualties_per_s: r(n / run.seconds), peak_rss_mb: r(run.peakRssMB), pdf_mb: r((run.files['cards.pdf'] ?? 0) / 1e6, 1) };
  results.cards.push(row);
  console.log(`cards-pdf ${n} casualties (${2 * n} cards, ${layout}): ${row.seconds} s, ${row.cards_per_s} cards/s, peak RSS ${row.peak_rss_mb} MB, ${row.pdf_mb} MB`);
}
for (const format of ['msel-csv', 'msel-xlsx']) {
  if (!mselCount) break;
  const run = await generate(format, mselCount);
  const size = Object.values(run.files).reduce((a, b) => a + b, 0);
  const row = { format, casualties: mselCount, seconds: r(run.seconds, 1), casualties_per_s: r(mselCount / run.seconds), peak_rss_mb: r(run.peakRssMB), mb: r(size / 1e6, 1) };
  results.msel.push(row);
  console.log(`${format} ${mselCount} casualties: ${row.seconds} s, ${row.casualties_per_s} casualties/s, peak RSS ${row.peak_rss_mb} MB, ${row.mb} MB`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');
