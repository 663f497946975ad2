import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { getPreset, runMetadata } from '../engine/index.js';
import { PATIENT_COLUMNS, TIMELINE_COLUMNS, type Cell } from './columns.js';
import { csvField } from './csv-field.js';
import { csvFormat } from './csv.js';
import { awkwardPatient, encodeAll, patientsOf, testRun } from './fixtures.js';
import { timelineCsvFormat } from './timeline-csv.js';

const text = (v: Cell): string => String(v);

describe('RFC 4180 fields', () => {
  it('quotes only when needed and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
    expect(csvField(3.25)).toBe('3.25');
    expect(csvField(false)).toBe('false');
  });
});

describe('patients.csv', () => {
  const run = testRun({ total_patients: 1000 });
  const patients = patientsOf(run);

  it('parses back (csv-parse) to the same field values, one row per patient', () => {
    const { text: csv } = encodeAll(csvFormat, run);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv, { columns: true, relax_column_count: false }) as Record<string, string>[];
    expect(rows).toHaveLength(1000);
    expect(Object.keys(rows[0] as object)).toEqual(PATIENT_COLUMNS.map((c) => c.name));
    patients.forEach((p, i) => {
      for (const c of PATIENT_COLUMNS) expect(rows[i]?.[c.name], c.name).toBe(text(c.get(p)));
    });
  });

  it('starts with the columns the spec lists, in order', () => {
    const spec = 'patient_id,given_name,family_name,age,gender,nationality,id_number,rank,blood_type,front,injury_type,triage,primary_condition_code,primary_condition,final_status,last_facility,total_timeline_events,injury_timestamp,casualty_event_id,is_mass_casualty';
    expect(csvFormat.header(runMetadata(run)).startsWith(spec + ',')).toBe(true);
  });

  it('carries the clinical model: mechanism, ISS/NISS, injuries, ICD-10, final triage, cause of death, time to Role 1', () => {
    const rows = parse(encodeAll(csvFormat, run).text, { columns: true }) as Record<string, string>[];
    patients.forEach((p, i) => {
      const row = rows[i] as Record<string, string>;
      expect(row.mechanism).toBe(p.mechanism ?? '');
      expect(row.iss).toBe(String(p.iss));
      expect(row.niss).toBe(String(p.niss));
      expect(row.injury_count).toBe(String(p.injuries.length));
      expect(row.injury_regions?.split(';').filter(Boolean)).toEqual(p.injuries.map((x) => x.region));
      expect(row.max_ais).toBe(p.injuries.length === 0 ? '' : String(Math.max(...p.injuries.map((x) => x.ais))));
      expect(row.primary_condition_icd10).toBe(p.primary_condition.icd10);
      expect(row.primary_condition_icd10).toMatch(/^[A-Z]\d\d(\.\d)?$/);
      expect(row.primary_condition_icd10_codes?.split(';')).toEqual(p.primary_conditions.map((c) => c.icd10));
      expect(row.final_triage).toBe(p.final_triage);
      expect(row.triage_sequence?.split(';')).toEqual(p.triage_assessments.map((a) => a.category));
      expect(row.triage_sequence?.split(';').at(-1)).toBe(p.final_triage);
      expect(row.cause_of_death).toBe(p.cause_of_death ?? '');
      const r1 = p.movement_timeline.find((e) => e.event_type === 'arrival' && e.facility === 'R1');
      expect(row.time_to_role1_hours).toBe(r1 === undefined ? '' : String(r1.hours_since_injury));
    });
    // The sample holds deaths with a cause and casualties of every injury type.
    expect(rows.some((r) => r.cause_of_death !== '')).toBe(true);
    expect(rows.some((r) => r.mechanism === '' && r.injury_type === 'DISEASE' && r.iss === '0')).toBe(true);
    expect(rows.some((r) => Number(r.iss) >= 16)).toBe(true);
  });

  it('round-trips commas, quotes, line breaks and non-ASCII text', () => {
    const odd = awkwardPatient(patients[0]!);
    const csv = csvFormat.header(runMetadata(run)) + csvFormat.encodeBatch([odd], true);
    const [row] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(row?.given_name).toBe(odd.demographics.given_name);
    expect(row?.family_name).toBe(odd.demographics.family_name);
    expect(row?.unit).toBe(odd.demographics.unit);
  });

  it('writes the same bytes as csv-stringify (the reference quoter it replaces for speed)', () => {
    const some = [...patients.slice(0, 300), awkwardPatient(patients[1]!)];
    const reference = stringify([PATIENT_COLUMNS.map((c) => c.name), ...some.map((p) => PATIENT_COLUMNS.map((c) => c.get(p)))], {
      record_delimiter: '\r\n', cast: { boolean: (v) => String(v) },
    });
    expect(csvFormat.header(runMetadata(run)) + csvFormat.encodeBatch(some, true)).toBe(reference);
  });

  it('gives the same bytes for any batch size', () => {
    expect(encodeAll(csvFormat, run, 1).text).toBe(encodeAll(csvFormat, run, 500).text);
  });
});

describe('timeline.csv', () => {
  it('has one row per timeline event with the event fields', () => {
    const run = testRun({ total_patients: 300 });
    const patients = patientsOf(run);
    const rows = parse(encodeAll(timelineCsvFormat, run).text, { columns: true }) as Record<string, string>[];
    const events = patients.flatMap((p) => p.movement_timeline.map((e, i) => ({ p, e, i })));
    expect(rows).toHaveLength(events.length);
    expect(Object.keys(rows[0] as object)).toEqual(TIMELINE_COLUMNS.map((c) => c.name));
    events.forEach(({ p, e, i }, k) => {
      const row = rows[k] as Record<string, string>;
      expect(row.patient_id).toBe(String(p.id));
      expect(row.event_index).toBe(String(i));
      expect(row.event_type).toBe(e.event_type);
      expect(row.timestamp).toBe(e.timestamp);
      expect(row.hours_since_injury).toBe(String(e.hours_since_injury));
      expect(row.to_facility).toBe(e.to_facility ?? '');
      expect(row.timing).toBe(e.timing ?? '');
    });
  });

  it('writes disease and non-battle deaths as died_dnbi events with their timing', () => {
    // Died_DNBI is rare (a few per thousand): the peacekeeping preset, mostly DNBI, has some.
    const run = testRun({ ...getPreset('peacekeeping')?.input, total_patients: 4000, seed: 5 });
    const dead = patientsOf(run).filter((p) => p.final_status === 'Died_DNBI');
    expect(dead.length).toBeGreaterThan(0);
    const rows = parse(timelineCsvFormat.header(runMetadata(run)) + timelineCsvFormat.encodeBatch(dead, false), { columns: true }) as Record<string, string>[];
    const deaths = rows.filter((r) => r.event_type === 'died_dnbi');
    expect(deaths).toHaveLength(dead.length);
    for (const r of deaths) expect(['at_facility', 'in_transit']).toContain(r.timing);
    const summary = parse(csvFormat.header(runMetadata(run)) + csvFormat.encodeBatch(dead, false), { columns: true }) as Record<string, string>[];
    for (const r of summary) {
      expect(r.final_status).toBe('Died_DNBI');
      expect(r.injury_type).not.toBe('BATTLE_TRAUMA');
      expect(r.cause_of_death).not.toBe('');
    }
  });
});
