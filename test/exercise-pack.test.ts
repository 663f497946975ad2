import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { submit, unzip, waitFor } from './jobs-helpers.js';
import { createTestKey, startTestServer, type TestServer } from './server-helpers.js';

/**
 * The exercise pack's scenario settings and card options where users meet them: the HTTP API
 * (422 naming the field, job outputs, the per-casualty card) and the CLI (--card-layout).
 * Reading PDFs needs poppler-utils (pdfinfo, pdftotext), as in src/formats/exercise/cards.test.ts.
 */
const dir = mkdtempSync(join(tmpdir(), 'medgen-exercise-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nations = [{ nationality_code: 'GRC', percentage: 50 }, { nationality_code: 'LTU', percentage: 50 }];
const packScenario = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'pack test', total_patients: 60, seed: 8, days_of_fighting: 2, base_date: '2025-10-24', timezone: 'Europe/Vilnius',
  front_configs: [
    { id: 'n', name: 'North', casualty_rate: 1, nationality_distribution: nations, location: '35ULA 12345 67890', call_sign: 'DUSTOFF 7' },
    { id: 's', name: 'South', casualty_rate: 1, nationality_distribution: nations, location: { latitude: 54.6872, longitude: 25.2797 } },
  ],
  ...extra,
});

function pdfText(pdf: Buffer, name: string): { text: string; info: string } {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return { text: execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }), info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }) };
}

describe('exercise pack over HTTP', () => {
  let s: TestServer;
  let owner: string;
  let other: string;
  let jobId: string;
  beforeAll(async () => {
    s = await startTestServer({});
    owner = await createTestKey(s, 'pack owner');
    other = await createTestKey(s, 'another tenant');
    jobId = await submit(s, { configuration: packScenario(), output_formats: ['msel-csv', 'handover', 'ndjson', 'cards-pdf'], card_layout: 'a4-4up' }, owner);
  });
  afterAll(async () => { await s.close(); });

  it('422 names the field and the rule for an unknown time zone, a bad grid, latitude or call sign, and a bad card layout', async () => {
    const bad = packScenario({
      timezone: 'Europe/Atlantis',
      front_configs: [
        { id: 'n', name: 'North', casualty_rate: 1, nationality_distribution: nations, location: '35ULA 1234 567', call_sign: 'dust/off' },
        { id: 's', name: 'South', casualty_rate: 1, nationality_distribution: nations, location: { latitude: 95, longitude: 25 } },
      ],
    });
    const r = await s.call('/api/v1/generation/', { method: 'POST', json: { configuration: bad }, key: owner });
    expect(r.status).toBe(422);
    const detail = ((await r.json()) as { detail: { path: string; message: string }[] }).detail;
    const by = new Map(detail.map((d) => [d.path, d.message]));
    expect(by.get('configuration.timezone')).toMatch(/^Time zone must be an IANA time zone name .*"Europe\/Atlantis" is not a known time zone/);
    expect(by.get('configuration.front_configs[0].location')).toMatch(/location must be an MGRS grid/);
    expect(by.get('configuration.front_configs[0].call_sign')).toMatch(/call sign must be 1 to 24 characters/);
    expect(by.get('configuration.front_configs[1].location.latitude')).toMatch(/from −90 to 90/);
    expect(detail).toHaveLength(4);
    const layout = await s.call('/api/v1/generation/', { method: 'POST', json: { configuration: packScenario(), card_layout: 'a3' }, key: owner });
    expect(layout.status).toBe(422);
    expect(await layout.text()).toMatch(/card_layout/);
  });

  it('writes MSEL times in the exercise time zone and the 9-line lines 1 and 2 from the fronts', async () => {
    const job = await waitFor(s, jobId, undefined, 60_000, owner);
    expect(job.status).toBe('completed');
    const files = await unzip(Buffer.from(await (await s.call(`/api/v1/downloads/${jobId}`, { key: owner })).arrayBuffer()));
    const patients = (files.get('patients.ndjson') as Buffer).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number; front: string; injury_timestamp: string });
    const rows = parse((files.get('msel.csv') as Buffer).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.flatMap((r) => (r.card_numbers as string).split(';').map(Number))).toEqual(patients.map((p) => p.id));
    for (const row of rows) {
      const first = patients[Number((row.card_numbers as string).split(';')[0])];
      // Vilnius: UTC+3 until the last Sunday of October (the 26th in 2025), then UTC+2.
      const offset = Date.parse(first?.injury_timestamp ?? '') < Date.parse('2025-10-26T01:00:00Z') ? '+03:00' : '+02:00';
      expect(row.exercise_datetime).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\${offset}$`));
      expect(Date.parse(row.exercise_datetime as string)).toBe(Date.parse(first?.injury_timestamp ?? ''));
    }
    const reports = (files.get('handover.ndjson') as Buffer).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { patient_id: number; medevac_request: { line1_location: { text: string }; line2_frequency_call_sign: { text: string } } | null });
    let requests = 0;
    for (const r of reports) {
      if (!r.medevac_request) continue;
      requests++;
      const north = patients[r.patient_id]?.front === 'North';
      expect(r.medevac_request.line1_location.text).toBe(north ? 'MGRS 35U LA 12345 67890' : '54.68720° N 25.27970° E');
      expect(r.medevac_request.line2_frequency_call_sign.text).toBe(north ? '[frequency], DUSTOFF 7' : '[frequency, call sign and suffix]');
    }
    expect(requests).toBeGreaterThan(10);
    // card_layout a4-4up: four cards (two casualties) per A4 sheet.
    const { info } = pdfText(files.get('cards.pdf') as Buffer, 'job-cards.pdf');
    expect(info).toMatch(/Pages:\s+30\n/);
    expect(info).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
  });

  it('serves one casualty\'s cards as a PDF to the job\'s key, 404 to another key and for an unknown patient', async () => {
    await waitFor(s, jobId, undefined, 60_000, owner);
    const list = (await (await s.call(`/api/v1/jobs/${jobId}/results?per_page=60`, { key: owner })).json()) as { patients: { id: number; demographics: { family_name: string; given_name: string } }[] };
    const p = list.patients[17];
    expect(p?.id).toBe(17);
    const card = await s.call(`/api/v1/jobs/${jobId}/patients/17/card.pdf`, { key: owner });
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('application/pdf');
    expect(card.headers.get('content-disposition')).toBe(`attachment; filename="casualty-17_${jobId}.pdf"`);
    const bytes = Buffer.from(await card.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, info } = pdfText(bytes, 'card-17.pdf');
    expect(info).toMatch(/Pages:\s+2\n/);
    expect(text).toContain(`${p?.demographics.family_name}, ${p?.demographics.given_name}`);
    expect(text).toContain('CASUALTY 17');
    expect(text).toContain('ROLE-PLAYER / MOULAGE CARD');
    expect(text).toContain('CONTROLLER / EVALUATOR CARD');
    // The same request gives the same bytes (dates from the scenario, not the clock).
    const again = Buffer.from(await (await s.call(`/api/v1/jobs/${jobId}/patients/17/card.pdf`, { key: owner })).arrayBuffer());
    expect(again.equals(bytes)).toBe(true);
    const a6 = await s.call(`/api/v1/jobs/${jobId}/patients/17/card.pdf?layout=a6`, { key: owner });
    expect(a6.status).toBe(200);
    expect(pdfText(Buffer.from(await a6.arrayBuffer()), 'card-17-a6.pdf').info).toMatch(/Page size:\s+297\.6\d* x 419\.5\d* pts/);

    expect((await s.call(`/api/v1/jobs/${jobId}/patients/17/card.pdf`, { key: other })).status).toBe(404);
    expect((await s.call(`/api/v1/jobs/${jobId}/patients/60/card.pdf`, { key: owner })).status).toBe(404);
    expect((await s.call(`/api/v1/jobs/00000000-0000-4000-8000-000000000000/patients/1/card.pdf`, { key: owner })).status).toBe(404);
    const badId = await s.call(`/api/v1/jobs/${jobId}/patients/x1/card.pdf`, { key: owner });
    expect(badId.status).toBe(422);
    expect(await badId.text()).toMatch(/patient_id/);
    const badLayout = await s.call(`/api/v1/jobs/${jobId}/patients/1/card.pdf?layout=b5`, { key: owner });
    expect(badLayout.status).toBe(422);
    expect(await badLayout.text()).toMatch(/layout/);
  });
});

describe('medgen generate with the pack settings', () => {
  it('writes the same handover and MSEL with 1 or 2 workers (encoder threads resolve the handover id with the fronts in it)', async () => {
    const file = join(dir, 'pack-scenario.json');
    writeFileSync(file, JSON.stringify(packScenario({ total_patients: 400 })));
    const outs = [join(dir, 'w1'), join(dir, 'w2')];
    expect((await cli('generate', file, '--format', 'handover,msel-csv', '--quiet', '--out', outs[0] as string)).code).toBe(0);
    expect((await cli('generate', file, '--format', 'handover,msel-csv', '--workers', '2', '--batch-size', '23', '--quiet', '--out', outs[1] as string)).code).toBe(0);
    for (const name of ['handover.ndjson', 'msel.csv']) expect(readFileSync(join(outs[1] as string, name)).equals(readFileSync(join(outs[0] as string, name))), name).toBe(true);
    expect(readFileSync(join(outs[0] as string, 'handover.ndjson'), 'utf8')).toContain('"text":"[frequency], DUSTOFF 7"');
    expect(readFileSync(join(outs[0] as string, 'msel.csv'), 'utf8')).toMatch(/2025-10-2\dT\d\d:\d\d:\d\d\+0[23]:00/);
  });
});

describe('medgen generate --card-layout', () => {
  it('lays out cards.pdf as asked and refuses an unknown layout', async () => {
    const out = join(dir, 'cli');
    const res = await cli('generate', '--patients', '5', '--seed', '3', '--format', 'cards-pdf', '--card-layout', 'a4-2up', '--quiet', '--out', out);
    expect(res.code).toBe(0);
    const info = execFileSync('pdfinfo', [join(out, 'cards.pdf')], { encoding: 'utf8' });
    // Two A5 cards (one casualty) per landscape A4 sheet.
    expect(info).toMatch(/Pages:\s+5\n/);
    expect(info).toMatch(/Page size:\s+841\.8\d* x 595\.2\d* pts/);
    expect(readFileSync(join(out, 'cards.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const bad = await cli('generate', '--patients', '5', '--format', 'cards-pdf', '--card-layout', 'a3', '--out', join(dir, 'bad'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--card-layout.*a4, a4-2up, a4-4up, a5, a6/s);
  });
});
