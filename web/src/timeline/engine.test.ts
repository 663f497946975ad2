import { describe, expect, it } from 'vitest';
import {
  DIED_DNBI, LANE_COUNT, Phase, buildModel, clockLabel, computeSnapshot, createSnapshot, facilityLoad, lastEventAt, nextMassCasualty, positionAt,
} from './engine.js';
import { readValue, type ViewerPatient } from './input.js';
import sampleText from '../../public/sample-patients.json?raw';

const ev = (event_type: string, facility: string, hours_since_injury: number, extra: Record<string, unknown> = {}) =>
  ({ event_type, facility, hours_since_injury, ...extra });

/**
 * Worked examples on a base date of 2025-06-01 (model time 0 = 00:00Z):
 * A injured 06:00 (t=6): POI stay 0.1–1.1, transit 1.5–2.5 to R1, R1 from 2.5, dies of wounds at h3.5 (t=9.5).
 * B injured 07:00 (t=7): KIA in the POI→R1 transit at h1.0 (t=8).
 * C injured 10:00 (t=10): hops to R4 and remains there from h37.1 (t=47.1).
 */
const A = {
  id: 'A', demographics: { given_name: 'Anna', family_name: 'Nowak' }, nationality: 'POL', front: 'north', injury_type: 'BATTLE_TRAUMA',
  triage_category: 'T1', final_status: 'DOW', injury_timestamp: '2025-06-01T06:00:00Z', is_mass_casualty: true, casualty_event_id: 'MC1',
  movement_timeline: [
    ev('arrival', 'POI', 0), ev('evacuation_start', 'POI', 0.1, { evacuation_duration_hours: 1 }),
    ev('transit_start', 'POI', 1.5, { from_facility: 'POI', to_facility: 'R1', transit_duration_hours: 1 }),
    ev('arrival', 'R1', 2.5), ev('evacuation_start', 'R1', 2.6, { evacuation_duration_hours: 2 }), ev('dow', 'R1', 3.5, { timing: 'at_facility' }),
  ],
};
const B = {
  id: 'B', nationality: 'EST', front: 'south', injury_type: 'BATTLE_TRAUMA', triage_category: 'T1', status: 'KIA',
  injury_time: '2025-06-01T07:00:00Z', is_mass_casualty: true, casualty_event_id: 'MC1',
  movement_timeline: [
    ev('arrival', 'POI', 0), ev('evacuation_start', 'POI', 0.05, { evacuation_duration_hours: 0.5 }),
    ev('transit_start', 'POI', 0.6, { from_facility: 'POI', to_facility: 'R1', transit_duration_hours: 1.2 }),
    ev('kia', 'POI', 1.0, { timing: 'in_transit' }),
  ],
};
const C = {
  id: 'C', nationality: 'DEU', front: 'north', injury_type: 'DISEASE', triage_category: 'T3', final_status: 'Remains_Role4',
  injury_timestamp: '2025-06-01T10:00:00Z', is_mass_casualty: false,
  movement_timeline: [
    ev('arrival', 'POI', 0), ev('transit_start', 'POI', 0.5, { to_facility: 'R1', transit_duration_hours: 1 }),
    ev('arrival', 'R1', 1.5), ev('transit_start', 'R1', 2, { to_facility: 'R2', transit_duration_hours: 1 }),
    ev('arrival', 'R2', 3), ev('transit_start', 'R2', 4, { to_facility: 'R3', transit_duration_hours: 1 }),
    ev('arrival', 'R3', 5), ev('transit_start', 'R3', 6, { to_facility: 'R4', transit_duration_hours: 1 }),
    ev('arrival', 'R4', 7), ev('evacuation_start', 'R4', 7.1, { evacuation_duration_hours: 30 }), ev('remains_role4', 'R4', 37.1),
  ],
};

function model() {
  const r = readValue({ metadata: { base_date: '2025-06-01' }, patients: [A, B, C] });
  expect(r.rejected).toEqual([]);
  return buildModel(r.patients, '2025-06-01');
}

const at = (t: number, i = 0, linger?: number) => {
  const p = positionAt(model(), i, t, linger);
  return [p.phase, p.lane, p.outcome];
};

describe('timeline engine: position of a patient at time t', () => {
  it('hides a patient before the injury and places them by the last event with time ≤ t', () => {
    expect(at(5.99)).toEqual([Phase.Hidden, -1, -1]);
    expect(at(6)).toEqual([Phase.Treatment, 0, -1]);
    expect(at(7)).toEqual([Phase.Treatment, 0, -1]);
    expect(at(8.5)).toEqual([Phase.Treatment, 2, -1]);
  });

  it('marks "awaiting evacuation" once the stay is over and a transit is next', () => {
    expect(at(7.09)[0]).toBe(Phase.Treatment);
    expect(at(7.1)[0]).toBe(Phase.Awaiting);
    expect(at(7.49)).toEqual([Phase.Awaiting, 0, -1]);
  });

  it('puts a patient in the transit lane between the two columns for the transit', () => {
    expect(at(7.5)).toEqual([Phase.Transit, 1, -1]);
    expect(at(8.49)).toEqual([Phase.Transit, 1, -1]);
    expect(at(12, 2)).toEqual([Phase.Transit, 3, -1]);
  });

  it('shows an outcome at its facility for the linger, then only in the tally', () => {
    expect(at(9.5)).toEqual([Phase.Outcome, 2, 1]);
    expect(at(11.49)).toEqual([Phase.Outcome, 2, 1]);
    expect(at(11.5)).toEqual([Phase.Done, 2, 1]);
    expect(at(10, 0, 0.5)).toEqual([Phase.Done, 2, 1]);
    // A death in transit is shown at the facility the transit left.
    expect(at(8, 1)).toEqual([Phase.Outcome, 0, 0]);
  });

  it('keeps a Remains_Role4 patient at R4', () => {
    expect(at(47.09, 2)).toEqual([Phase.Treatment, 8, -1]);
    expect(at(47.1, 2)).toEqual([Phase.Remains, 8, 3]);
    expect(at(500, 2)).toEqual([Phase.Remains, 8, 3]);
  });

  it('finds the last event by binary search at every boundary', () => {
    const m = model();
    const times = Array.from(m.evT.subarray(m.evStart[2], m.evStart[3]));
    times.forEach((t, j) => {
      expect(lastEventAt(m, 2, t)).toBe((m.evStart[2] as number) + j);
      expect(lastEventAt(m, 2, t - 1e-9)).toBe(j === 0 ? -1 : (m.evStart[2] as number) + j - 1);
    });
  });
});

describe('timeline engine: a disease or non-battle death (Died_DNBI)', () => {
  const D = {
    id: 'D', nationality: 'NOR', front: 'north', injury_type: 'DISEASE', triage_category: 'T2', final_status: 'Died_DNBI',
    injury_timestamp: '2025-06-01T02:00:00Z',
    movement_timeline: [
      ev('arrival', 'POI', 0), ev('transit_start', 'POI', 0.5, { to_facility: 'R1', transit_duration_hours: 1 }),
      ev('arrival', 'R1', 1.5), ev('died_dnbi', 'R1', 4),
    ],
  };

  it('is shown at its facility for the linger, then tallied there under its own outcome', () => {
    const r = readValue([D]);
    expect(r.rejected).toEqual([]);
    expect(r.patients[0]?.status).toBe('Died_DNBI');
    const m = buildModel(r.patients, '2025-06-01');
    const p = positionAt(m, 0, 6.5);
    expect([p.phase, p.lane, p.outcome]).toEqual([Phase.Outcome, 2, DIED_DNBI]);
    const s = computeSnapshot(m, 9, createSnapshot(m));
    expect(Array.from(s.outcomesSoFar)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(s.outcomesFinal)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(s.tally[2] as Int32Array)).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('timeline engine: snapshot counts', () => {
  it('counts injured, active, outcomes so far and per-lane members at t = 9.6', () => {
    const m = model();
    const s = computeSnapshot(m, 9.6, createSnapshot(m));
    expect(s.total).toBe(3);
    expect(s.injured).toBe(2);
    expect(s.active).toBe(0);
    expect(Array.from(s.outcomesSoFar)).toEqual([1, 1, 0, 0, 0]);
    expect(Array.from(s.outcomesFinal)).toEqual([1, 1, 0, 1, 0]);
    expect(Array.from(s.laneCount)).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(s.laneMembers[0]?.[0]).toBe(1);
    expect(s.laneMembers[2]?.[0]).toBe(0);
    expect(s.tally.every((row) => row.every((n) => n === 0))).toBe(true);
  });

  it('moves lingered outcomes into the column tallies (t = 12)', () => {
    const m = model();
    const s = computeSnapshot(m, 12, createSnapshot(m));
    expect(Array.from(s.tally[0] as Int32Array)).toEqual([1, 0, 0, 0, 0]);
    expect(Array.from(s.tally[2] as Int32Array)).toEqual([0, 1, 0, 0, 0]);
    expect(s.active).toBe(1);
    expect(Array.from(s.activeByTriage)).toEqual([0, 0, 1, 0]);
    expect(s.laneCount[3]).toBe(1);
  });

  it('applies the filter mask to every count', () => {
    const m = model();
    const s = computeSnapshot(m, 50, createSnapshot(m), 2, Uint8Array.from([0, 0, 1]));
    expect(s.total).toBe(1);
    expect(s.injured).toBe(1);
    expect(Array.from(s.outcomesSoFar)).toEqual([0, 0, 0, 1, 0]);
    expect(s.laneCount[8]).toBe(1);
    expect(s.active).toBe(1);
  });

  it('jumps to the next mass-casualty event and labels the clock', () => {
    const m = model();
    expect(m.massCasualtyTimes).toEqual([6]);
    expect(nextMassCasualty(m, 0)).toBe(6);
    expect(nextMassCasualty(m, 6)).toBeUndefined();
    expect(clockLabel(9.5)).toBe('Day 1 09:30');
    expect(clockLabel(24 + 13.25)).toBe('Day 2 13:15');
    expect(m.start).toBe(6);
    expect(m.end).toBeCloseTo(47.1 + 2, 9);
  });

  it('gives the facility load over time', () => {
    const load = facilityLoad(model(), 1);
    const row = (t: number) => load.find((r) => r.t === t)?.load;
    expect(row(6)).toEqual([1, 0, 0, 0, 0]);
    // t=9: A treated at R1, B's KIA still lingering at POI; t=10: C injured, A's DOW lingering at R1.
    expect(row(9)).toEqual([1, 1, 0, 0, 0]);
    expect(row(10)).toEqual([1, 1, 0, 0, 0]);
    expect(row(12)).toEqual([0, 0, 0, 0, 0]);
    expect(row(48)).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('timeline engine on a real generated run (the bundled sample)', () => {
  const r = readValue(JSON.parse(sampleText));
  const m = buildModel(r.patients as ViewerPatient[], (r.metadata as { base_date: string }).base_date);

  it('accepts every patient and ends with each final status in the tallies', () => {
    expect(r.rejected).toEqual([]);
    expect(r.patients).toHaveLength(250);
    const s = computeSnapshot(m, m.end + 1, createSnapshot(m));
    expect(s.injured).toBe(250);
    expect(Array.from(s.outcomesSoFar)).toEqual(Array.from(s.outcomesFinal));
    let kia = 0;
    let dow = 0;
    let rtd = 0;
    for (let l = 0; l < LANE_COUNT; l++) {
      kia += s.tally[l]?.[0] ?? 0;
      dow += s.tally[l]?.[1] ?? 0;
      rtd += s.tally[l]?.[2] ?? 0;
    }
    expect([kia, dow, rtd]).toEqual([s.outcomesFinal[0], s.outcomesFinal[1], s.outcomesFinal[2]]);
    expect(s.laneCount[8]).toBe(s.outcomesFinal[3]);
    expect(s.active).toBe(s.outcomesFinal[3]);
  });

  it('conserves patients at every hour: hidden + shown + done = total', () => {
    const s = createSnapshot(m);
    for (let t = 0; t <= m.end; t += 0.5) {
      computeSnapshot(m, t, s);
      const shown = Array.from(s.laneCount).reduce((a, b) => a + b, 0);
      const done = s.tally.reduce((a, row) => a + row[0]! + row[1]! + row[2]!, 0);
      expect(shown + done).toBe(s.injured);
      // Nobody reaches a transit lane of R4 (there is none beyond it) or a negative lane.
      expect(s.laneCount.length).toBe(LANE_COUNT);
    }
  });
});
