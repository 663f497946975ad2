import { describe, expect, it } from 'vitest';
import { PRESETS, type Patient } from '../engine/index.js';
import { BufferPool, ByteChunks } from './byte-chunks.js';
import { awkwardPatient, patientsOf, testRun } from './fixtures.js';
import { jsonFormat } from './json.js';
import { ndjsonFormat } from './ndjson.js';
import { writePatientJson } from './patient-json.js';

function written(patients: readonly Patient[], bufferSize = 1 << 16): Buffer {
  const out = new ByteChunks(new BufferPool(bufferSize));
  for (const p of patients) writePatientJson(out, p, '', '\n');
  return Buffer.concat(out.drain());
}

const expected = (patients: readonly Patient[]): Buffer => Buffer.from(patients.map((p) => `${JSON.stringify(p)}\n`).join(''), 'utf8');

describe('writePatientJson', () => {
  it('writes exactly the UTF-8 bytes of JSON.stringify for every preset', () => {
    for (const preset of PRESETS) {
      const patients = patientsOf(testRun({ ...preset.input, total_patients: 150, seed: preset.id }));
      expect(written(patients).equals(expected(patients)), preset.id).toBe(true);
    }
  });

  it('matches JSON.stringify for text that needs escaping, non-ASCII text and unusual numbers', () => {
    const base = patientsOf(testRun({ total_patients: 4 }));
    const odd = base.map(awkwardPatient);
    const p = odd[0] as Patient;
    p.demographics.rank = 'lone \ud800 surrogate \u2028 \u007f';
    p.demographics.weight_kg = 72.123456789;
    p.demographics.height_cm = -0;
    p.id = 2 ** 40 + 0.5;
    p.timeline_summary.total_duration_hours = Number.NaN;
    p.movement_timeline[0]!.hours_since_injury = 1e21;
    p.movement_timeline[1]!.hours_since_injury = -3.07;
    p.movement_timeline[2]!.hours_since_injury = 2 ** 31 + 0.25;
    p.treatment_history[0]!.observations[0]!.value = Number.POSITIVE_INFINITY;
    p.treatment_history[0]!.observations[1]!.value = 1e-7;
    const q = odd[1] as Patient;
    q.treatment_history[0]!.observations[0]!.display = 'a different display';
    q.treatment_history[0]!.observations[0]!.unit = 'mm[Hg] "x"';
    q.front = 'Front "Nörd"\n';
    // The clinical model's fields: nulls and values, cached treatment parts that no longer fit, odd timestamps.
    q.mechanism = null;
    q.cause_of_death = 'Blutung — "massiv"';
    q.triage_assessments[0]!.rts = 10.5;
    q.triage_assessments[0]!.time = 'T"1';
    q.treatment_history[0]!.observations[2]!.time = '2025-06-01T00:00:00.5Z';
    const t = q.treatment_history.flatMap((r) => r.treatments)[0];
    if (t !== undefined) {
      t.display = 'another display';
      t.kind = t.kind === 'procedure' ? 'medication' : 'procedure';
    }
    const r = odd[2] as Patient;
    r.cause_of_death = null;
    r.mechanism = 'gunshot';
    r.injuries = [];
    r.iss = 75;
    expect(written(odd).equals(expected(odd))).toBe(true);
    // The same frozen codes and observation parts again, now from the cache.
    expect(written(base).equals(expected(base))).toBe(true);
  });

  it('formats hundredths exactly as Number#toString does', () => {
    const patients = patientsOf(testRun({ total_patients: 1 }));
    const p = patients[0] as Patient;
    for (let k = -100_000; k <= 100_000; k += 53) {
      p.demographics.weight_kg = k / 100;
      p.movement_timeline[0]!.hours_since_injury = k / 10;
      expect(written([p]).toString('utf8')).toBe(`${JSON.stringify(p)}\n`);
    }
  });

  it('writes a patient that does not fit a buffer through the slow path, whole', () => {
    const patients = patientsOf(testRun({ total_patients: 30 }));
    const big = structuredClone(patients[3] as Patient);
    big.demographics.unit = `${'Ünit — '.repeat(20_000)}`;
    const list = [...patients.slice(0, 3), big, ...patients.slice(3)];
    expect(written(list, 4096).equals(expected(list))).toBe(true);
  });

  it('gives the ndjson and json formats the same bytes on both paths', () => {
    const patients = patientsOf(testRun({ total_patients: 40 }));
    for (const format of [ndjsonFormat, jsonFormat]) {
      for (const first of [true, false]) {
        const out = new ByteChunks(new BufferPool(1 << 16));
        format.writeTo?.(patients, first, out);
        expect(Buffer.concat(out.drain()).toString('utf8')).toBe(format.encodeBatch(patients, first));
      }
    }
  });
});
