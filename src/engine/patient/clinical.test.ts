/**
 * Clinical coherence on 100,000 patients of every preset: what a military physician reading the
 * records would check. Violations are collected and reported with the first examples, so one
 * failing rule names the patients that break it.
 */
import { describe, expect, it } from 'vitest';
import { createRun, generateRange } from '../run.js';
import { PRESETS, parseScenario } from '../scenario/index.js';
import type { AisRegion, Facility, Patient } from '../types.js';
import { BODY_STRUCTURES, CLINICAL_PROCEDURES as P, CLINICAL_SUBSTANCES as S } from './clinical-codes.js';
import { recomputeTriage, revisedTraumaScore } from './triage.js';

const N = 100_000;

/** A rule's breaches: how many, and the first few (patient id and why). */
class Breaches {
  readonly found = new Map<string, { count: number; examples: string[] }>();
  add(rule: string, p: Patient, why: string): void {
    const entry = this.found.get(rule) ?? { count: 0, examples: [] };
    entry.count += 1;
    if (entry.examples.length < 3) entry.examples.push(`patient ${p.id}: ${why}`);
    this.found.set(rule, entry);
  }
}

function iss(injuries: readonly { region: AisRegion; ais: number }[]): number {
  if (injuries.some((i) => i.ais === 6)) return 75;
  const best: Partial<Record<AisRegion, number>> = {};
  for (const i of injuries) best[i.region] = Math.max(best[i.region] ?? 0, i.ais);
  return Object.values(best).sort((a, b) => b - a).slice(0, 3).reduce((s, a) => s + a * a, 0);
}

const LIMB_SITES = new Set([BODY_STRUCTURES.left_upper_limb.code, BODY_STRUCTURES.right_upper_limb.code, BODY_STRUCTURES.left_lower_limb.code, BODY_STRUCTURES.right_lower_limb.code]);
const TRAUMA_ONLY = new Set([P.tourniquet.code, P.exploratory_laparotomy.code, P.thoracotomy.code, P.craniotomy.code, P.limb_amputation.code,
  P.needle_decompression.code, P.chest_drain.code, P.blood_transfusion.code, P.endotracheal_intubation.code]);
const VITAL = { hr: '8867-4', sbp: '8480-6', rr: '9279-1', temp: '8310-5', spo2: '59408-5', gcs: '9269-2' } as const;
/** Conditions a medic would call minor: conjunctivitis, ankle sprain, acute stress reaction, back pain. */
const MINOR_ILLNESS = new Set(['9826008', '44465007', '67195008', '279039007']);

interface Stats {
  severeHeadGcs: number[];
  uninjuredHeadGcs: number[];
  shockMinSbp: number[];
  noBleedFirstSbp: number[];
  expectant: number;
  expectantDied: number;
}

function check(p: Patient, b: Breaches, st: Stats): void {
  // Triage: every assessment recomputes from its own inputs, by the right algorithm.
  for (const a of p.triage_assessments) {
    if (recomputeTriage(a) !== a.category) b.add('triage recomputes', p, `${a.facility} ${a.algorithm} → ${a.category}`);
    const sieve = a.facility === 'POI' || a.facility === 'R1';
    if ((a.algorithm === 'sieve') !== sieve) b.add('sieve at POI/R1, sort beyond', p, `${a.facility} ${a.algorithm}`);
    if (a.algorithm === 'sort' && a.rts !== revisedTraumaScore(a.gcs, a.systolic_bp, a.respiratory_rate)) b.add('RTS from its inputs', p, String(a.rts));
    if (a.category === 'T4' && a.breathing && !a.expectant) b.add('T4 only expectant or dead', p, a.facility);
    if (a.expectant && !(p.is_mass_casualty && p.injury_type === 'BATTLE_TRAUMA')) b.add('expectant only in mass casualties', p, a.facility);
  }
  if (p.triage_assessments.some((a) => a.expectant)) {
    st.expectant += 1;
    if (p.final_status === 'KIA' || p.final_status === 'DOW') st.expectantDied += 1;
  }
  if (p.triage_category !== p.triage_assessments[0]?.category) b.add('triage_category is the first assessment', p, p.triage_category);

  // Outcome doctrine.
  const battle = p.injury_type === 'BATTLE_TRAUMA';
  if (!battle && (p.final_status === 'KIA' || p.final_status === 'DOW')) b.add('DNBI never KIA/DOW', p, p.final_status);
  if (battle && p.final_status === 'Died_DNBI') b.add('battle deaths are KIA/DOW', p, p.final_status);
  if (p.final_status === 'KIA' && p.timeline_summary.facilities_visited.includes('R1')) b.add('KIA before Role 1', p, p.last_facility);
  if (p.final_status === 'DOW' && !p.timeline_summary.facilities_visited.includes('R1')) b.add('DOW after Role 1', p, p.last_facility);
  if (p.final_status === 'RTD' && p.last_facility === 'POI') b.add('no return to duty at the point of injury', p, '');
  const dead = p.final_status === 'KIA' || p.final_status === 'DOW' || p.final_status === 'Died_DNBI';
  if (dead !== (p.cause_of_death !== null)) b.add('a cause of death exactly for the dead', p, String(p.cause_of_death));

  // Injuries: ISS from the injuries; conditions where they belong.
  if (p.iss !== iss(p.injuries)) b.add('ISS from the injuries', p, `${p.iss} vs ${iss(p.injuries)}`);
  for (const i of p.injuries) {
    if ((i.condition.code === '127295002' || i.condition.code === '110030002') && i.region !== 'head_neck') b.add('brain injuries are head injuries', p, i.region);
    if (i.condition.code === '262595009' && i.region !== 'extremities') b.add('amputations are extremity injuries', p, i.region);
    if (i.condition.code === '284196006' && i.region !== 'external') b.add('burns are external', p, i.region);
    if (i.region === 'extremities' && !LIMB_SITES.has(i.body_site.code)) b.add('extremity injuries on a limb', p, i.body_site.display);
    if (i.condition.code === '44465007' && i.body_site.code !== BODY_STRUCTURES.left_lower_limb.code && i.body_site.code !== BODY_STRUCTURES.right_lower_limb.code) {
      b.add('an ankle sprain is on a leg', p, i.body_site.display);
    }
  }

  // Procedures within their indications.
  const has = (f: (i: Patient['injuries'][number]) => boolean) => p.injuries.some(f);
  const done = new Set<string>();
  let gcsLow = false;
  for (const r of p.treatment_history) {
    for (let k = 0; k < r.observations.length; k += 6) if ((r.observations[k + 5]?.value ?? 15) <= 8) gcsLow = true;
    const hypovolaemic = r.observations.some((o) => (o.code === VITAL.hr && o.value > 100) || (o.code === VITAL.sbp && o.value < 100));
    for (const t of r.treatments) {
      done.add(t.code);
      if (p.injuries.length === 0 && TRAUMA_ONLY.has(t.code)) b.add('no trauma procedure without an injury', p, t.display);
      if (t.code === P.blood_transfusion.code && !hypovolaemic) b.add('blood only for the hypovolaemic', p, r.facility);
      if ((t.code === P.endotracheal_intubation.code || t.code === P.nasopharyngeal_airway.code) && !gcsLow && !has((i) => i.region === 'face' && i.ais >= 3)) {
        b.add('no airway for a normal GCS and an open airway', p, `${t.display} at ${r.facility}`);
      }
    }
  }
  if (done.has(P.tourniquet.code) && !has((i) => i.region === 'extremities' && i.haemorrhage === 'compressible')) b.add('tourniquet only for limb haemorrhage', p, p.injuries.map((i) => i.region).join());
  if (done.has(P.exploratory_laparotomy.code) && !has((i) => i.region === 'abdomen')) b.add('no laparotomy without an abdominal injury', p, '');
  if (done.has(P.thoracotomy.code) && !has((i) => i.region === 'chest')) b.add('no thoracotomy without a chest injury', p, '');
  if (done.has(P.craniotomy.code) && !has((i) => i.condition.code === '127295002' && i.ais >= 4)) b.add('craniotomy only for severe TBI', p, '');
  if ((done.has(P.needle_decompression.code) || done.has(P.chest_drain.code)) && !has((i) => i.region === 'chest' && i.ais >= 3)) b.add('chest decompression only for chest injury', p, '');
  if (done.has(P.splinting.code) && !has((i) => i.condition.code === '125605004' || i.condition.code === '397181002')) b.add('splints only for fractures', p, '');
  if (done.has(P.limb_amputation.code) && !has((i) => i.condition.code === '262595009')) b.add('amputation surgery only after traumatic amputation', p, '');
  if (done.has(P.palliative_care.code) && !p.triage_assessments.some((a) => a.expectant)) b.add('palliative care only for the expectant', p, '');
  if (p.medications.some((m) => m.code === S.tranexamic_acid.code) && p.injuries.length === 0) b.add('TXA only for injuries', p, '');
  for (const a of p.allergies) if (p.medications.some((m) => m.code === a.code)) b.add('no drug the patient is allergic to', p, a.display);

  // Times: treatments and observations inside the visit, treatments in order.
  const tl = p.movement_timeline;
  const endOf = (facility: Facility) => {
    const i = tl.findIndex((e) => e.event_type === 'arrival' && e.facility === facility);
    const next = tl.slice(i + 1).find((e) => e.event_type === 'arrival');
    return next?.timestamp ?? (tl[tl.length - 1] as (typeof tl)[number]).timestamp;
  };
  for (const r of p.treatment_history) {
    const end = endOf(r.facility);
    const diedHere = dead && r.facility === p.last_facility;
    if (r.facility !== 'POI' && !diedHere && r.treatments.length === 0) b.add('every role visit records its care', p, r.facility);
    let prev = r.date;
    for (const t of r.treatments) {
      if (t.time < prev || t.time > end) b.add('treatments in time order within the visit', p, `${t.display} ${t.time} at ${r.facility}`);
      prev = t.time;
    }
    for (const o of r.observations) if (o.time < r.date || o.time > end) b.add('observations within the visit', p, `${o.time} at ${r.facility}`);
  }

  // Vitals follow the state.
  const first = p.treatment_history[0]?.observations ?? [];
  const value = (code: string) => first.find((o) => o.code === code)?.value;
  if (first.length > 0) {
    const gcs = value(VITAL.gcs) as number;
    if (has((i) => i.condition.code === '127295002' && i.ais >= 4)) st.severeHeadGcs.push(gcs);
    else if (p.injuries.length > 0 && !has((i) => i.region === 'head_neck') && p.iss < 9) st.uninjuredHeadGcs.push(gcs);
    if (p.injuries.length > 0 && p.injuries.every((i) => i.haemorrhage === 'none')) st.noBleedFirstSbp.push(value(VITAL.sbp) as number);
    if (MINOR_ILLNESS.has(p.primary_condition.code) && p.primary_condition.severity_code !== '24484000') {
      const hr = value(VITAL.hr) as number;
      const sbp = value(VITAL.sbp) as number;
      const spo2 = value(VITAL.spo2) as number;
      if (hr > 115 || sbp < 100 || spo2 < 94 || gcs < 15) b.add('minor conditions have normal vitals', p, `${p.primary_condition.display}: HR ${hr} SBP ${sbp} SpO2 ${spo2} GCS ${gcs}`);
      if (p.triage_category === 'T1') b.add('minor conditions are not T1', p, p.primary_condition.display);
    }
  }
  if (p.additional_conditions.some((c) => c.code === '355001')) {
    const sbps = p.treatment_history.flatMap((r) => r.observations.filter((o) => o.code === VITAL.sbp).map((o) => o.value));
    if (sbps.length > 0) st.shockMinSbp.push(Math.min(...sbps));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('clinical coherence, 100,000 patients of every preset', () => {
  for (const preset of PRESETS) {
    it(preset.name, () => {
      const parsed = parseScenario({ ...structuredClone(preset.input), total_patients: N });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const run = createRun(parsed.scenario, 20261206);
      const breaches = new Breaches();
      const st: Stats = { severeHeadGcs: [], uninjuredHeadGcs: [], shockMinSbp: [], noBleedFirstSbp: [], expectant: 0, expectantDied: 0 };
      let count = 0;
      for (const p of generateRange(run)) {
        check(p, breaches, st);
        count += 1;
      }
      expect(count).toBe(N);
      expect(Object.fromEntries(breaches.found)).toEqual({});
      // A severe brain injury lowers the GCS; wounds elsewhere leave it near normal.
      if (st.severeHeadGcs.length >= 20) expect(mean(st.severeHeadGcs)).toBeLessThan(11);
      expect(mean(st.uninjuredHeadGcs)).toBeGreaterThan(14.5);
      // Class III–IV haemorrhage brings the pressure down; injuries that do not bleed leave it normal.
      expect(median(st.noBleedFirstSbp)).toBeGreaterThanOrEqual(110);
      if (st.shockMinSbp.length >= 20) expect(median(st.shockMinSbp)).toBeLessThanOrEqual(median(st.noBleedFirstSbp) - 10);
      // The expectant mostly die.
      if (st.expectant >= 20) expect(st.expectantDied / st.expectant).toBeGreaterThan(0.7);
    }, 120_000);
  }
});
