import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { testScenario } from './fixtures.js';
import { buildSchedule } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const scenario = testScenario({ total_patients: 3000, base_date: '2025-03-30', environment: ['storm', 'fog'], events: ['mass_casualty', 'ambush'] });

function digest(): string {
  const s = buildSchedule(scenario, 7);
  const hash = createHash('sha256');
  for (let i = 0; i < s.total; i++) hash.update(JSON.stringify(s.arrival(i)));
  return hash.digest('hex');
}

describe('time zone independence', () => {
  it('gives the same arrivals whatever process.env.TZ says', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = digest();
      process.env.TZ = 'Pacific/Kiritimati';
      expect(digest()).toBe(utc);
      process.env.TZ = 'America/St_Johns';
      expect(digest()).toBe(utc);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  // A worker thread keeps its start-up time zone, so the real check runs fresh processes.
  it('gives the same arrivals in processes started with different TZ', async () => {
    const probe = `
      import { createHash } from 'node:crypto';
      import { buildSchedule } from ${JSON.stringify(join(here, 'index.ts'))};
      const s = buildSchedule(${JSON.stringify(scenario)}, 7);
      const hash = createHash('sha256');
      for (let i = 0; i < s.total; i++) hash.update(JSON.stringify(s.arrival(i)));
      console.log(new Date(2025, 0, 1).getTimezoneOffset(), hash.digest('hex'));`;
    const out = await build({
      stdin: { contents: probe, resolveDir: here, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent',
    });
    const dir = mkdtempSync(join(tmpdir(), 'medgen-tz-'));
    try {
      const file = join(dir, 'probe.mjs');
      writeFileSync(file, out.outputFiles[0]!.text);
      const run = (tz: string) => execFileSync(process.execPath, [file], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }).trim().split(' ');
      const [offsetUtc, utc] = run('UTC');
      const [offsetKir, kiritimati] = run('Pacific/Kiritimati');
      const [offsetStj, stJohns] = run('America/St_Johns');
      expect(new Set([offsetUtc, offsetKir, offsetStj]).size).toBe(3); // the zones really differed
      expect(utc).toBe(digest());
      expect(kiritimati).toBe(utc);
      expect(stJohns).toBe(utc);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
