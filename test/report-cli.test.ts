import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { many } from '../src/engine/report/fixtures.js';
import type { RealismReport } from '../src/engine/index.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'medgen-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('medgen report: combat-casualty statistics', () => {
  it('prints CFR, %KIA, %DOW, RTD72 and the other statistics of hand-built patients exactly', async () => {
    // 250 BT: 25 KIA, 10 DOW (surgery at 6 h), 150 RTD at 30 h, 40 RTD at 100 h, 25 remain at Role 4; 300 DNBI, 1 Died_DNBI.
    const patients = [
      ...many(25, { status: 'KIA' }), ...many(10, { status: 'DOW', surgeryHours: [6], causeOfDeath: 'traumatic brain injury' }),
      ...many(150, { status: 'RTD', outcomeHours: 30 }), ...many(40, { status: 'RTD', outcomeHours: 100 }), ...many(25, { status: 'Remains_Role4' }),
      ...many(299, { status: 'RTD', injury: 'DISEASE' }), ...many(1, { status: 'Died_DNBI', injury: 'NON_BATTLE', causeOfDeath: 'heat stroke' }),
    ];
    const file = join(dir, 'hand.ndjson');
    writeFileSync(file, patients.map((p) => JSON.stringify(p)).join('\n') + '\n');

    const res = await cli('report', file);
    expect(res.code).toBe(0);
    // WIA 225, RTD72 150: CFR 35/250 = 14.0 %, %KIA 25/100 = 25.0 %, %DOW 10/75 = 13.3 %.
    expect(res.stdout).toMatch(/^ {2}250 +25 +10 +225 +150 +14\.0% +25\.0% +13\.3% +10\.0% +4\.0%$/m);
    expect(res.stdout).toMatch(/CFR \(KIA\+DOW\)\/\(KIA\+WIA\) +14\.0% +7\.0%–14\.0% +250 +PASS/);
    expect(res.stdout).toContain('  DNBI deaths: 1 of 300 DNBI casualties (0.3%)');
    expect(res.stdout).toMatch(/^ {2}first surgery +10 +6\.0 +6\.0 +6\.0 +6\.0 +6\.0$/m);
    expect(res.stdout).toMatch(/^ {2}traumatic brain injury +10 +0 +10 +0$/m);
    expect(res.stdout).toContain('Overall: FAIL');
    expect((await cli('report', file, '--check')).code).toBe(1);

    const json = JSON.parse((await cli('report', file, '--json')).stdout) as RealismReport;
    expect(json.statistics.battle).toMatchObject({ casualties: 250, kia: 25, dow: 10, wia: 225, rtd_72h: 150, cfr: 35 / 250, pct_kia: 25 / 100, pct_dow: 10 / 75 });
    expect(json.byFinalStatus.Died_DNBI).toBe(1);
    expect(json.bands.find((b) => b.id === 'pct_dow')).toMatchObject({ value: 10 / 75, pass: false, source: expect.stringContaining('Holcomb') });
  });

  it('prints the statistics of a generated file', async () => {
    const out = join(dir, 'gen');
    expect((await cli('generate', '--patients', '3000', '--seed', '5', '--out', out, '--format', 'ndjson', '--quiet')).code).toBe(0);
    const res = await cli('report', join(out, 'patients.ndjson'));
    expect(res.code).toBe(0);
    for (const heading of ['Battle casualties (Holcomb 2006 definitions', 'Mechanism (battle casualties)', 'Body region (', 'ISS / NISS (battle casualties)',
      'Causes of death', 'Times of battle casualties (hours from injury)', 'Triage\n']) expect(res.stdout).toContain(heading);
    expect(res.stdout).toMatch(/^ {2}Role 1 arrival +\d+ +\d+\.\d/m);
    expect(res.stdout).toMatch(/%DOW DOW\/\(WIA-RTD\) +\d+\.\d%/);
  });
});
