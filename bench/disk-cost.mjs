// What writing a file costs two busy cores on this machine, apart from our generator.
// Two child processes each run a fixed integer loop (no allocation, no I/O), first alone, then
// while a third process writes GIB GiB through DirectFile (the CLI's writer: O_DIRECT, 1 MiB
// writes). The loops' extra seconds are capacity the machine took from the two cores; the
// writer's own CPU time, as the guest sees it, is reported beside them, so the rest is what the
// virtual disk costs outside the guest's accounting.
// Usage: node bench/disk-cost.mjs [GIB=4] [LOOPS=2e9]; prints one JSON line. Needs `npm run build`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const self = fileURLToPath(import.meta.url);
const [role, arg] = process.argv.slice(2);

if (role === 'spin') {
  // Dependent integer arithmetic: keeps one core busy and touches no memory.
  const n = Number(arg);
  const t0 = performance.now();
  let a = 1, b = 2, c = 3, d = 4;
  for (let i = 0; i < n; i++) {
    a = (a * 1103515245 + 12345) | 0;
    b = (b ^ (b << 13)) | 0;
    c = (c + i) | 0;
    d = ((d ^ a) + b) | 0;
  }
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, check: a ^ b ^ c ^ d }));
} else if (role === 'write') {
  const { DirectFile } = await import('../dist/pipeline/index.js');
  const [gib, path] = [Number(arg), process.argv[4]];
  const chunk = Buffer.alloc(1 << 20, 0x61);
  const file = new DirectFile(path);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < gib * 1024; i++) {
    if (!file.write(chunk)) await new Promise((resolve) => file.once('drain', resolve));
  }
  file.end();
  await finished(file);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
} else {
  const gib = Number(role ?? 4);
  const loops = String(Number(arg ?? 2e9));
  const dir = mkdtempSync(join(tmpdir(), 'medgen-disk-'));
  const json = async (args) => JSON.parse((await run(process.execPath, [self, ...args])).stdout);
  const pair = () => Promise.all([json(['spin', loops]), json(['spin', loops])]);
  try {
    const alone = await pair();
    const [loaded, writer] = await Promise.all([pair(), json(['write', String(gib), join(dir, 'out.bin')])]);
    const sum = (rs) => rs.reduce((s, r) => s + r.seconds, 0);
    const lost = sum(loaded) - sum(alone);
    process.stdout.write(JSON.stringify({
      gib,
      loopsAloneSeconds: alone.map((r) => +r.seconds.toFixed(2)),
      loopsWhileWritingSeconds: loaded.map((r) => +r.seconds.toFixed(2)),
      writeSeconds: +writer.seconds.toFixed(2),
      writerCpuSeconds: +writer.cpuSeconds.toFixed(2),
      coreSecondsLost: +lost.toFixed(2),
      coreSecondsLostPerGiB: +(lost / gib).toFixed(2),
      beyondWriterCpuPerGiB: +((lost - writer.cpuSeconds) / gib).toFixed(2),
    }) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
