import { describe, expect, it } from 'vitest';
import { casualtyTimeline, CASUALTY_EVENT_TYPES, createRun, generateRange, parseScenario } from './index.js';

function run(seed = 7, total = 60) {
  const parsed = parseScenario({ total_patients: total, seed, days_of_fighting: 2 });
  if (!parsed.ok) throw new Error('scenario');
  return createRun(parsed.scenario);
}

describe('casualtyTimeline', () => {
  it('lists every casualty event of every patient, in time order, numbered 1…n', () => {
    const events = casualtyTimeline(run());
    const patients = [...generateRange(run())];
    const expected = patients.reduce((n, p) => n + 1 + p.triage_assessments.length
      + p.treatment_history.reduce((m, v) => m + v.treatments.length, 0)
      + p.movement_timeline.filter((m) => ['arrival', 'transit_start', 'kia', 'dow', 'died_dnbi', 'rtd'].includes(m.event_type)).length, 0);
    expect(events).toHaveLength(expected);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (let i = 1; i < events.length; i++) expect(events[i]!.offset).toBeGreaterThanOrEqual(events[i - 1]!.offset);
    expect(events[0]!.offset).toBe(0);
    expect(events[0]!.type).toBe('injury');
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.filter((e) => e.type === 'injury')).toHaveLength(60);
    for (const e of events) expect(CASUALTY_EVENT_TYPES).toContain(e.type);
  });

  it('gives each patient its injury first and its death or RTD last', () => {
    const events = casualtyTimeline(run());
    const byPatient = new Map<number, string[]>();
    for (const e of events) byPatient.set(e.patient_id, [...(byPatient.get(e.patient_id) ?? []), e.type]);
    for (const types of byPatient.values()) {
      expect(types[0]).toBe('injury');
      const end = types.findIndex((t) => t === 'death' || t === 'rtd');
      if (end >= 0) expect(types.slice(end + 1).filter((t) => t !== 'treatment' && t !== 'triage')).toEqual([]);
    }
  });

  it('is the same for the same scenario and seed, and differs for another seed', () => {
    expect(JSON.stringify(casualtyTimeline(run(7)))).toBe(JSON.stringify(casualtyTimeline(run(7))));
    expect(JSON.stringify(casualtyTimeline(run(8)))).not.toBe(JSON.stringify(casualtyTimeline(run(7))));
  });
});
