import { describe, expect, it } from 'vitest';
import { FACILITIES, type Patient, type TimelineEvent } from '../types.js';
import { createPatientContext, generatePatient, uuidFrom } from './index.js';
import { Rng } from '../rng.js';
import { buildArrivals, testScenario } from './fixtures.js';

const KEY = 0x5eed;
const scenario = testScenario({ total_patients: 5000 });
const ctx = createPatientContext(scenario, KEY);
const arrivals = buildArrivals(scenario, KEY);
const patients = arrivals.map((a) => generatePatient(ctx, a));
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const epoch = (iso: string) => Date.parse(iso) / 1000;

describe('determinism', () => {
  it('gives the same patient for the same arrival, in any order and from a fresh context', () => {
    const fresh = createPatientContext(testScenario({ total_patients: 5000 }), KEY);
    for (const i of [4999, 0, 17, 2500]) {
      const a = arrivals[i]!;
      expect(generatePatient(fresh, a)).toEqual(patients[i]);
      expect(JSON.stringify(generatePatient(ctx, a))).toBe(JSON.stringify(patients[i]));
    }
  });

  it('gives different patients for a different key', () => {
    const other = createPatientContext(scenario, KEY + 1);
    expect(generatePatient(other, arrivals[0]!).uuid).not.toBe(patients[0]!.uuid);
  });

  it('formats RFC 4122 version 4 UUIDs, unique across the run', () => {
    const uuids = new Set(patients.map((p) => p.uuid));
    expect(uuids.size).toBe(patients.length);
    for (const p of patients.slice(0, 200)) expect(p.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFrom(Rng.derive(1, 2, 3, 4))).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('shape', () => {
  it('fills every field of the output model', () => {
    const keys = ['id', 'uuid', 'demographics', 'nationality', 'gender', 'front', 'injury_type', 'triage_category', 'primary_condition',
      'primary_conditions', 'additional_conditions', 'body_part', 'mechanism', 'injuries', 'iss', 'niss', 'triage_assessments', 'final_triage',
      'cause_of_death', 'allergies', 'medications', 'treatment_history', 'movement_timeline',
      'injury_timestamp', 'day_of_injury', 'final_status', 'last_facility', 'current_status', 'timeline_summary', 'warfare_scenario',
      'casualty_event_id', 'is_mass_casualty', 'environmental_conditions'];
    const demo = ['given_name', 'family_name', 'gender', 'birthdate', 'age', 'nationality', 'id_number', 'service_number', 'rank', 'unit',
      'blood_type', 'religion', 'weight_kg', 'height_cm'];
    for (const p of patients) {
      expect(Object.keys(p)).toEqual(keys);
      expect(Object.keys(p.demographics)).toEqual(demo);
      const d = p.demographics;
      expect(d.given_name.length).toBeGreaterThan(0);
      expect(d.family_name.length).toBeGreaterThan(0);
      expect(d.gender).toBe(p.gender);
      expect(d.nationality).toBe(p.nationality);
      expect(d.birthdate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(d.age).toBeGreaterThanOrEqual(18);
      expect(d.age).toBeLessThanOrEqual(55);
      expect(d.rank).toMatch(/^O[RF]-\d( \p{Lu}.*)?$/u);
      expect(d.unit).toMatch(new RegExp(`^\\d+(st|nd|rd|th) Bn, ${p.nationality} — ${p.front} front$`));
      expect(d.weight_kg).toBeGreaterThan(40);
      expect(d.height_cm).toBeGreaterThanOrEqual(150);
      expect(p.id).toBe(arrivals[p.id]!.index);
      expect(p.day_of_injury).toBe(`Day ${arrivals[p.id]!.day}`);
      expect(p.primary_condition).toBe(p.primary_conditions[0]);
      expect(['head', 'torso', 'left arm', 'right arm', 'left leg', 'right leg']).toContain(p.body_part);
      expect(p.current_status).toBe(p.final_status === 'Remains_Role4' ? p.last_facility : p.final_status);
      expect(p.timeline_summary.final_status).toBe(p.final_status);
      expect(p.timeline_summary.last_facility).toBe(p.last_facility);
      expect(p.timeline_summary.total_events).toBe(p.movement_timeline.length);
      expect(p.environmental_conditions).toEqual(['night_operations']);
      expect(p.injury_timestamp).toBe(new Date(arrivals[p.id]!.injuryEpochSeconds * 1000).toISOString().replace('.000Z', 'Z'));
      expect(p.treatment_history.map((t) => t.facility)).toEqual(p.timeline_summary.facilities_visited);
      for (const t of p.treatment_history) {
        const codes = t.observations.map((o) => o.code);
        expect(codes.length % 6).toBe(0);
        for (let i = 0; i < codes.length; i += 6) {
          expect(codes.slice(i, i + 6)).toEqual(['8867-4', '8480-6', '9279-1', '8310-5', '59408-5', '9269-2']);
          expect(new Set(t.observations.slice(i, i + 6).map((o) => o.time)).size).toBe(1);
        }
        for (const x of t.treatments) expect(['procedure', 'medication']).toContain(x.kind);
      }
      expect(p.triage_category).toBe(p.triage_assessments[0]!.category);
      expect(p.final_triage).toBe(p.triage_assessments[p.triage_assessments.length - 1]!.category);
    }
  });

  it('gives battle and non-battle injuries 1–3 AIS injuries whose conditions are the primary conditions; disease none', () => {
    for (const p of patients) {
      if (p.injury_type === 'DISEASE') {
        expect(p.injuries).toHaveLength(0);
        expect(p.mechanism).toBeNull();
        expect(p.iss).toBe(0);
        expect(p.primary_conditions).toHaveLength(1);
        continue;
      }
      if (p.injuries.length === 0) continue; // a non-battle illness (heat, cold, back pain)
      expect(p.injuries.length).toBeLessThanOrEqual(3);
      for (const i of p.injuries) {
        expect(i.ais).toBeGreaterThanOrEqual(1);
        expect(i.ais).toBeLessThanOrEqual(6);
      }
      for (const i of p.injuries) expect(p.primary_conditions.some((c) => c.code === i.condition.code && c.icd10 === i.icd10.code)).toBe(true);
      expect(p.primary_conditions.length).toBeLessThanOrEqual(p.injuries.length);
      if (p.primary_condition.code === '127295002') expect(p.body_part).toBe('head');
    }
  });

  it("grades the worst wound's severity by its AIS (1 mild, 2 moderate, 3 moderate to severe, 4–6 severe)", () => {
    const bySeverity: Record<number, string> = { 1: '255604002', 2: '6736007', 3: '371924009', 4: '24484000', 5: '24484000', 6: '24484000' };
    for (const p of patients) {
      const first = p.injuries[0];
      if (first !== undefined) expect(p.primary_condition.severity_code).toBe(bySeverity[first.ais]);
    }
  });
});

function checkTimeline(p: Patient): void {
  const tl = p.movement_timeline;
  const injury = epoch(p.injury_timestamp);
  let prev = -Infinity;
  const arrivalsSeen: string[] = [];
  tl.forEach((e: TimelineEvent, i) => {
    expect(e.timestamp).toMatch(ISO);
    const t = epoch(e.timestamp);
    expect(t).toBeGreaterThan(prev);
    prev = t;
    expect(e.hours_since_injury).toBe(Math.round((t - injury) / 36) / 100);
    if (e.event_type === 'arrival') arrivalsSeen.push(e.facility);
    if (e.event_type === 'kia') expect(arrivalsSeen).not.toContain('R1');
    if (e.event_type === 'dow') expect(arrivalsSeen).toContain('R1');
    if (e.event_type === 'kia' || e.event_type === 'dow') expect(p.injury_type).toBe('BATTLE_TRAUMA');
    if (e.event_type === 'died_dnbi') expect(p.injury_type).not.toBe('BATTLE_TRAUMA');
    if (e.event_type === 'evacuation_start') {
      const assessed = p.triage_assessments.filter((a) => a.facility === e.facility);
      expect(e.triage_category).toBe(assessed[assessed.length - 1]!.category);
      expect(tl[i - 1]!.event_type).toBe('arrival');
    }
    if (e.event_type === 'transit_start') {
      expect(FACILITIES.indexOf(e.to_facility!)).toBe(FACILITIES.indexOf(e.from_facility!) + 1);
      expect(e.transit_duration_hours).toBeGreaterThan(0);
    }
  });
  expect(arrivalsSeen).toEqual(FACILITIES.slice(0, arrivalsSeen.length));
  expect(p.timeline_summary.facilities_visited).toEqual(arrivalsSeen);
  expect(tl[0]!.event_type).toBe('arrival');
  const last = tl[tl.length - 1]!;
  const terminal = { KIA: 'kia', DOW: 'dow', RTD: 'rtd', Remains_Role4: 'remains_role4', Died_DNBI: 'died_dnbi' }[p.final_status];
  expect(last.event_type).toBe(terminal);
  expect(tl.filter((e) => ['kia', 'dow', 'died_dnbi', 'rtd', 'remains_role4'].includes(e.event_type))).toHaveLength(1);
  expect(p.last_facility).toBe(arrivalsSeen[arrivalsSeen.length - 1]);
  expect(p.timeline_summary.total_duration_hours).toBe(last.hours_since_injury);
  if (p.final_status === 'Remains_Role4') expect(p.last_facility).toBe('R4');
  for (const t of p.treatment_history) expect(t.date).toMatch(ISO);
}

describe('timeline invariants (5,000 patients)', () => {
  it('holds strict order, one arrival per visit, Z timestamps, the hours rule and KIA/DOW placement', () => {
    for (const p of patients) checkTimeline(p);
  });

  it('starts the POI clock after the discovery delay and lengthens POI stays by the environmental delays', () => {
    const stormy = testScenario({ total_patients: 200, environmental_conditions: { ...scenario.environmental_conditions, storm: true, fog: true } });
    const c = createPatientContext(stormy, KEY);
    const list = buildArrivals(stormy, KEY).map((a) => ({ ...a, discoveryDelayMinutes: 30 }));
    for (const a of list) {
      const p = generatePatient(c, a);
      checkTimeline(p);
      expect(p.movement_timeline[0]!.hours_since_injury).toBe(0.5);
      const evac = p.movement_timeline[1]!;
      if (evac.event_type !== 'evacuation_start') continue; // found dead
      // POI stays: §5 minimum for the POI triage (T4, expectant, waits as T3) + 20 (night) + 90 (storm) + 30 (fog) minutes.
      const minHours = { T1: 0.5, T4: 3, T2: 2, T3: 3 }[p.triage_category] + 140 / 60;
      expect(evac.evacuation_duration_hours!).toBeGreaterThanOrEqual(Math.round(minHours * 100) / 100 - 0.01);
    }
  });
});

describe('frequencies', () => {
  const big = testScenario({ total_patients: 20000 });
  const c = createPatientContext(big, 99);
  const list = buildArrivals(big, 99).map((a) => generatePatient(c, a));

  it('draws gender by the female ratio', () => {
    const female = list.filter((p) => p.gender === 'female').length / list.length;
    expect(female).toBeGreaterThan(0.11);
    expect(female).toBeLessThan(0.13);
  });

  it('draws blood types with the European frequencies', () => {
    const expected: Record<string, number> = { 'O+': 0.35, 'A+': 0.32, 'B+': 0.09, 'AB+': 0.03, 'O-': 0.07, 'A-': 0.08, 'B-': 0.02, 'AB-': 0.01 };
    // The §4.1 shares sum to 97 %: types are drawn in proportion to them.
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    for (const [type, share] of Object.entries(expected)) {
      const got = list.filter((p) => p.demographics.blood_type === type).length / list.length;
      expect(Math.abs(got - share / total), type).toBeLessThan(0.012);
    }
  });

  it('decides T4 (expectant) only for battle casualties of a mass-casualty event, and most of them die', () => {
    const expectant = list.filter((p) => p.triage_assessments.some((a) => a.expectant));
    for (const p of expectant) {
      expect(p.injury_type).toBe('BATTLE_TRAUMA');
      expect(p.is_mass_casualty).toBe(true);
    }
    if (expectant.length >= 10) expect(expectant.filter((p) => p.final_status === 'KIA' || p.final_status === 'DOW').length / expectant.length).toBeGreaterThan(0.7);
  });

  it('weights ages toward 20–35 and ranks toward OR-3…OR-6, and gives 10 % allergies', () => {
    const young = list.filter((p) => p.demographics.age >= 20 && p.demographics.age <= 35).length / list.length;
    expect(young).toBeGreaterThan(0.6);
    const core = list.filter((p) => /^OR-[3-6] /.test(p.demographics.rank)).length / list.length;
    expect(core).toBeGreaterThan(0.6);
    const allergic = list.filter((p) => p.allergies.length > 0).length / list.length;
    expect(allergic).toBeGreaterThan(0.09);
    expect(allergic).toBeLessThan(0.11);
    for (const p of list) expect(p.allergies.length).toBeLessThanOrEqual(2);
  });

  it('draws nationalities by the front distribution', () => {
    const poland = list.filter((p) => p.front === 'Poland');
    const pol = poland.filter((p) => p.nationality === 'POL').length / poland.length;
    expect(pol).toBeGreaterThan(0.47);
    expect(pol).toBeLessThan(0.53);
    expect(list.filter((p) => p.front === 'Estonia').every((p) => p.nationality === 'EST' || p.nationality === 'GBR')).toBe(true);
  });

  it('shifts special-event casualties one step more severe (a higher mean ISS)', () => {
    const shifted = testScenario({ total_patients: 20000, intensity: 'extreme' });
    const cs = createPatientContext(shifted, 5);
    const arr = buildArrivals(shifted, 5, 0.5);
    const share = (special: boolean) => {
      const ps = arr.filter((a) => (a.specialEvent !== undefined) === special && a.modifierType === 'conventional').map((a) => generatePatient(cs, a));
      return ps.reduce((sum, p) => sum + p.iss, 0) / ps.length;
    };
    expect(share(true)).toBeGreaterThan(share(false));
  });
});
