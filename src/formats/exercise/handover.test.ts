import { describe, expect, it } from 'vitest';
import { getPreset, type Patient } from '../../engine/index.js';
import { encodeAll, patientsOf, testRun } from '../fixtures.js';
import { planOutputs } from '../outputs.js';
import { getFormat } from '../index.js';
import { handoverFormat } from './handover.js';
import { avpuFromGcs, PRECEDENCE, type CasualtyReports } from './reports.js';

const VITAL_CODES: Record<string, string> = {
  heart_rate: '8867-4', systolic_bp: '8480-6', respiratory_rate: '9279-1', temperature: '8310-5', spo2: '59408-5', gcs: '9269-2',
};

function presetRun(id: string, n: number): ReturnType<typeof testRun> {
  return testRun({ ...getPreset(id)?.input, total_patients: n, seed: 3 });
}

function reportsOf(run: ReturnType<typeof testRun>, cbrn: boolean): { patients: Patient[]; lines: CasualtyReports[] } {
  const text = encodeAll(handoverFormat({ cbrn }), run).text;
  return { patients: patientsOf(run), lines: text.trimEnd().split('\n').map((l) => JSON.parse(l) as CasualtyReports) };
}

describe('handover.ndjson', () => {
  for (const preset of ['nato_article_5', 'mass_casualty', 'cbrn_incident']) {
    it(`${preset}: every 9-line's precedence is the POI triage of that moment; ATMIST signs are the observations of that time`, () => {
      const cbrn = getPreset(preset)?.input.warfare_types !== undefined && (getPreset(preset)?.input.warfare_types as Record<string, boolean>).cbrn === true;
      const { patients, lines } = reportsOf(presetRun(preset, 600), cbrn);
      expect(lines).toHaveLength(patients.length);
      let requests = 0;
      let legs = 0;
      patients.forEach((p, i) => {
        const r = lines[i] as CasualtyReports;
        expect(r.patient_id).toBe(p.id);
        const transit = p.movement_timeline.find((e) => e.event_type === 'transit_start' && e.from_facility === 'POI');
        expect(r.medevac_request !== null).toBe(transit !== undefined);
        if (r.medevac_request) {
          requests++;
          const req = r.medevac_request;
          const atRequest = p.triage_assessments.filter((a) => a.facility === 'POI' && a.time <= req.time).at(-1);
          expect(atRequest).toBeDefined();
          expect(req.triage.category).toBe(atRequest?.category);
          expect(req.line3_precedence.code).toBe(PRECEDENCE[atRequest?.category ?? 'T1'].code);
          // The category the engine timed the evacuation with is the same one.
          const evac = p.movement_timeline.find((e) => e.event_type === 'evacuation_start' && e.facility === 'POI');
          expect(evac?.triage_category).toBe(atRequest?.category);
          expect(req.line5_patients_by_type.code).toBe(atRequest?.ambulatory ? 'A' : 'L');
          expect(req.line9_cbrn.code).toBe(cbrn || p.warfare_scenario === 'cbrn' ? 'C' : null);
          const airway = p.treatment_history[0]?.treatments.some((t) => t.time <= (transit?.timestamp ?? '') && ['112798008', '426153007'].includes(t.code));
          expect(req.line4_special_equipment.code).toBe(airway ? 'D' : 'A');
          expect(req.line8_nationality_status.text).toContain(p.nationality);
        }
        const transits = p.movement_timeline.filter((e) => e.event_type === 'transit_start');
        expect(r.handovers.map((h) => [h.from, h.to, h.time])).toEqual(transits.map((e) => [e.from_facility, e.to_facility, e.timestamp]));
        for (const h of r.handovers) {
          legs++;
          expect(h.atmist.age).toBe(p.demographics.age);
          expect(h.atmist.time_of_injury).toBe(p.injury_timestamp);
          const visit = p.treatment_history.find((v) => v.facility === h.from);
          const times = [...new Set(visit?.observations.map((o) => o.time))].filter((t) => t <= h.time);
          const signs = h.atmist.signs;
          expect(signs?.time).toBe(times.at(-1));
          for (const [key, code] of Object.entries(VITAL_CODES)) {
            const o = visit?.observations.find((x) => x.time === signs?.time && x.code === code);
            expect((signs as unknown as Record<string, number | undefined>)[key]).toBe(o?.value);
          }
          if (signs?.gcs !== undefined) expect(signs.avpu).toBe(avpuFromGcs(signs.gcs));
          const given = p.treatment_history.flatMap((v) => v.treatments).filter((t) => t.time <= h.time);
          expect(h.atmist.treatment).toHaveLength(given.length);
        }
        const tq = p.treatment_history.flatMap((v) => (v.facility === 'POI' || v.facility === 'R1' ? v.treatments : [])).filter((t) => t.code === '20655006');
        expect(r.tccc_card.tourniquets.map((t) => t.time)).toEqual(tq.map((t) => t.time));
        expect(r.tccc_card.evacuation_category).toBe(PRECEDENCE[p.triage_category].text);
      });
      expect(requests).toBeGreaterThan(100);
      expect(legs).toBeGreaterThan(requests);
    });
  }

  it('AVPU from GCS', () => {
    expect([15, 14, 13, 9, 8, 4, 3].map(avpuFromGcs)).toEqual(['A', 'A', 'V', 'V', 'P', 'P', 'U']);
  });

  it('the plan binds the CBRN setting into a format id the encoder threads resolve', () => {
    const plain = planOutputs(['handover'], { scenario: { warfare_types: { cbrn: false } as never } }).files[0];
    const cbrn = planOutputs(['handover'], { scenario: { warfare_types: { cbrn: true } as never } }).files[0];
    expect(plain?.name).toBe('handover.ndjson');
    expect(getFormat(plain?.format.id ?? '')).toBe(plain?.format);
    expect(getFormat(cbrn?.format.id ?? '')).toBe(cbrn?.format);
    expect(cbrn?.format.id).not.toBe(plain?.format.id);
  });

  it('is the same bytes whatever the batch size', () => {
    const run = testRun({ total_patients: 150, seed: 4 });
    expect(encodeAll(handoverFormat({ cbrn: false }), run, 5).text).toBe(encodeAll(handoverFormat({ cbrn: false }), run, 150).text);
  });
});

describe('9-line lines 1 and 2 from the front settings', () => {
  it('prints each front\'s location and call sign, placeholders for a front without them; the id round-trips through getFormat', () => {
    const nations = [{ nationality_code: 'EST', percentage: 100 }];
    const run = testRun({
      total_patients: 200, seed: 4,
      front_configs: [
        { id: 'n', name: 'North', casualty_rate: 1, nationality_distribution: nations, location: '35VLF1234567890', call_sign: 'DUSTOFF 23' },
        { id: 's', name: 'South', casualty_rate: 1, nationality_distribution: nations, location: { latitude: 58.25, longitude: -22.5 } },
        { id: 'w', name: 'West', casualty_rate: 1, nationality_distribution: nations },
      ],
    });
    const file = planOutputs(['handover'], { scenario: run.scenario }).files[0];
    expect(file?.format.id).toMatch(/^handover:\{/);
    expect(getFormat(file?.format.id ?? '')).toBe(file?.format);
    const patients = patientsOf(run);
    const lines = encodeAll(file?.format ?? handoverFormat({ cbrn: false }), run).text.trimEnd().split('\n').map((l) => JSON.parse(l) as CasualtyReports);
    const seen = new Set<string>();
    patients.forEach((p, i) => {
      const req = lines[i]?.medevac_request;
      if (!req) return;
      seen.add(p.front);
      const expected: Record<string, [string, string]> = {
        North: ['MGRS 35V LF 12345 67890', '[frequency], DUSTOFF 23'],
        South: ['58.25000° N 22.50000° W', '[frequency, call sign and suffix]'],
        West: ['[pickup site grid]', '[frequency, call sign and suffix]'],
      };
      expect([req.line1_location.text, req.line2_frequency_call_sign.text]).toEqual(expected[p.front]);
    });
    expect(seen).toEqual(new Set(['North', 'South', 'West']));
  });
});
