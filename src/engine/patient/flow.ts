/**
 * The evacuation flow (§4.3, §5): POI → R1 → R2 → R3 → R4 on one running clock (§1.5).
 *
 * Clock, in whole seconds from the injury time:
 *  - the POI `arrival` is the moment the casualty is found: injury + discovery delay (§3.5);
 *  - at each facility `evacuation_start` follows the arrival after a 1–5 min hand-over, and the
 *    stay (§5, plus the environmental evacuation delays at POI) runs from there;
 *  - death or RTD during a stay happens at a uniform time inside it; otherwise the transit to the
 *    next role starts at the end of the stay, with death uniform inside the transit;
 *  - every event is at least one second after the previous one, so times strictly increase.
 * Death at POI or in the POI→R1 transit is KIA, at or after R1 DOW. R4 ends in RTD with the R4
 * RTD rate (default .5) at the end of the stay, otherwise Remains_Role4. T4 is timed as T1.
 */
import type { Rng } from '../rng.js';
import { ENVIRONMENT_EFFECTS } from '../tables.js';
import {
  ENVIRONMENTAL_CONDITIONS, FACILITIES, TRANSITS, TRIAGE_CATEGORIES,
  type Facility, type FinalStatus, type Scenario, type TimedTriage, type TimelineEvent,
} from '../types.js';
import { hoursRounded, type IsoFormatter } from './time.js';
import type { InjuryIndex, TriageIndex } from './sample.js';

/** §4.3 multipliers by triage T1, T2, T3, T4. */
export const TRIAGE_DEATH = [1.5, 1.0, 0.5, 3.0];
export const TRIAGE_RTD = [0.8, 1.0, 1.2, 0.2];
/**
 * §4.3 multipliers by injury type (battle trauma, non-battle, disease), calibrated so the
 * default scenario lands inside the realism bands (docs/calibration.md). Spec table: death 1.0 /
 * 0.25 / 0.05, RTD 1.0 / 1.3 / 1.6.
 */
export const INJURY_DEATH = [0.5, 0.08, 0.015];
export const INJURY_RTD = [1.0, 1.3, 1.6];
/** Transit death probability as a share of the origin's stay death probability. */
export const TRANSIT_DEATH_SHARE = 0.3;

const TIMED: readonly TimedTriage[] = ['T1', 'T2', 'T3', 'T1'];
const HANDOVER_MIN = 60;
const HANDOVER_MAX = 300;

export interface FlowResult {
  timeline: TimelineEvent[];
  /** Facilities reached, in order (the patient's facilities_visited). */
  facilities: Facility[];
  /** The arrival timestamps, as in the timeline: the treatment records reuse these strings. */
  arrivalStamps: string[];
  finalStatus: FinalStatus;
  lastFacility: Facility;
  /** Seconds from injury to the last event. */
  duration: number;
}

/** The next event's time: as wished, but at least one second after the previous event. */
const after = (previous: number, wished: number): number => (wished > previous ? wished : previous + 1);

export class FlowTables {
  /** [facility][triage][injury] → probability. */
  private readonly death: number[][][];
  private readonly rtd: number[][][];
  /** [facility][timed triage] → [min, max] seconds. */
  private readonly stay: [number, number][][];
  private readonly transit: [number, number][][];
  private readonly r4Rtd: number;
  readonly poiDelay: number;

  constructor(scenario: Scenario) {
    this.death = FACILITIES.map((f) => TRIAGE_DEATH.map((td) => INJURY_DEATH.map((id) => Math.min(1, scenario.facility_rates[f].kia_rate * td * id))));
    this.rtd = FACILITIES.map((f, fi) => TRIAGE_RTD.map((tr, ti) => INJURY_RTD.map((ir, ii) =>
      Math.max(0, Math.min(1 - (this.death[fi]?.[ti]?.[ii] as number), scenario.facility_rates[f].rtd_rate * tr * ir)))));
    const secs = (r: { min_hours: number; max_hours: number }): [number, number] => [Math.round(r.min_hours * 3600), Math.round(r.max_hours * 3600)];
    this.stay = FACILITIES.map((f) => TIMED.map((t) => secs(scenario.evacuation_times[f][t])));
    this.transit = TRANSITS.map((t) => TIMED.map((tt) => secs(scenario.transit_times[t][tt])));
    this.r4Rtd = scenario.facility_rates.R4.rtd_rate;
    let delay = 0;
    for (const c of ENVIRONMENTAL_CONDITIONS) if (scenario.environmental_conditions[c]) delay += ENVIRONMENT_EFFECTS[c].evacDelayMinutes;
    this.poiDelay = delay * 60;
  }

  /** Simulates the chain. `injury` is the injury epoch (seconds); timestamps are formatted by `iso`. */
  simulate(rng: Rng, iso: IsoFormatter, injuryEpoch: number, discoverySeconds: number, triage: TriageIndex, injury: InjuryIndex): FlowResult {
    const timeline: TimelineEvent[] = [];
    const facilities: Facility[] = [];
    const arrivalStamps: string[] = [];
    const triageName = TRIAGE_CATEGORIES[triage];
    let t = Math.max(0, discoverySeconds);
    let finalStatus: FinalStatus = 'Remains_Role4';
    let lastFacility: Facility = 'POI';

    for (let fi = 0; fi < 5; fi++) {
      const facility = FACILITIES[fi] as Facility;
      lastFacility = facility;
      const stamp = iso.format(injuryEpoch + t);
      timeline.push({ event_type: 'arrival', facility, timestamp: stamp, hours_since_injury: hoursRounded(t) });
      facilities.push(facility);
      arrivalStamps.push(stamp);
      const [smin, smax] = (this.stay[fi] as [number, number][])[triage] as [number, number];
      const stay = Math.max(1, smin + Math.floor(rng.float() * (smax - smin + 1)) + (fi === 0 ? this.poiDelay : 0));
      t = after(t, t + HANDOVER_MIN + Math.floor(rng.float() * (HANDOVER_MAX - HANDOVER_MIN + 1)));
      timeline.push({
        event_type: 'evacuation_start', facility, timestamp: iso.format(injuryEpoch + t), hours_since_injury: hoursRounded(t),
        evacuation_duration_hours: hoursRounded(stay), triage_category: triageName,
      });
      const start = t;
      const pDeath = ((this.death[fi] as number[][])[triage] as number[])[injury] as number;
      const pRtd = ((this.rtd[fi] as number[][])[triage] as number[])[injury] as number;
      const u = rng.float();
      if (u < pDeath) {
        t = after(t, start + 1 + Math.floor(rng.float() * stay));
        finalStatus = fi === 0 ? 'KIA' : 'DOW';
        timeline.push({ event_type: fi === 0 ? 'kia' : 'dow', facility, timestamp: iso.format(injuryEpoch + t), hours_since_injury: hoursRounded(t), timing: 'at_facility' });
        break;
      }
      if (fi === 4) {
        t = after(t, start + stay);
        finalStatus = rng.float() < this.r4Rtd ? 'RTD' : 'Remains_Role4';
        timeline.push({ event_type: finalStatus === 'RTD' ? 'rtd' : 'remains_role4', facility, timestamp: iso.format(injuryEpoch + t), hours_since_injury: hoursRounded(t) });
        break;
      }
      if (u < pDeath + pRtd) {
        t = after(t, start + 1 + Math.floor(rng.float() * stay));
        finalStatus = 'RTD';
        timeline.push({ event_type: 'rtd', facility, timestamp: iso.format(injuryEpoch + t), hours_since_injury: hoursRounded(t) });
        break;
      }
      // Transit to the next role.
      const next = FACILITIES[fi + 1] as Facility;
      const [tmin, tmax] = (this.transit[fi] as [number, number][])[triage] as [number, number];
      const duration = Math.max(1, tmin + Math.floor(rng.float() * (tmax - tmin + 1)));
      t = after(t, start + stay);
      timeline.push({
        event_type: 'transit_start', facility, timestamp: iso.format(injuryEpoch + t), hours_since_injury: hoursRounded(t),
        from_facility: facility, to_facility: next, transit_duration_hours: hoursRounded(duration),
      });
      const departed = t;
      if (rng.float() < TRANSIT_DEATH_SHARE * pDeath) {
        t = after(t, departed + 1 + Math.floor(rng.float() * Math.max(1, duration - 1)));
        finalStatus = fi === 0 ? 'KIA' : 'DOW';
        timeline.push({ event_type: fi === 0 ? 'kia' : 'dow', facility, timestamp: iso.format(injuryEpoch + t), hours_since_injury: hoursRounded(t), timing: 'in_transit' });
        break;
      }
      t = after(t, departed + duration);
    }
    return { timeline, facilities, arrivalStamps, finalStatus, lastFacility, duration: t };
  }
}
