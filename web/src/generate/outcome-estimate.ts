/**
 * The expected outcome mix of a scenario, computed from the same tables the engine samples
 * from (injury mix and warfare-type modifiers, triage weights, per-role rates and their
 * triage and injury-type multipliers, the transit death share). It ignores special-event
 * severity shifts, so it is an estimate; a job's summary gives the real mix.
 */
import { parseScenario } from '../../../src/engine/scenario/parse.js';
import { INJURY_DEATH, INJURY_RTD, TRANSIT_DEATH_SHARE, TRIAGE_DEATH, TRIAGE_RTD } from '../../../src/engine/patient/flow.js';
import { ENVIRONMENT_EFFECTS, WARFARE_PROFILES } from '../../../src/engine/tables.js';
import {
  ENVIRONMENTAL_CONDITIONS, FACILITIES, INJURY_TYPES, WARFARE_TYPES, type Scenario,
} from '../../../src/engine/types.js';

export interface OutcomeMix {
  KIA: number;
  DOW: number;
  RTD: number;
  Remains_Role4: number;
}

/** Outcome probabilities for one injury type (index into INJURY_TYPES) and triage (0–3). */
function chain(s: Scenario, injury: number, triage: number): OutcomeMix {
  const out: OutcomeMix = { KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0 };
  let alive = 1;
  FACILITIES.forEach((f, fi) => {
    const rates = s.facility_rates[f];
    const pDeath = Math.min(1, rates.kia_rate * (TRIAGE_DEATH[triage] as number) * (INJURY_DEATH[injury] as number));
    const pRtd = Math.max(0, Math.min(1 - pDeath, rates.rtd_rate * (TRIAGE_RTD[triage] as number) * (INJURY_RTD[injury] as number)));
    const died = alive * pDeath;
    if (fi === 0) out.KIA += died;
    else out.DOW += died;
    if (fi === 4) {
      const survivors = alive - died;
      out.RTD += survivors * rates.rtd_rate;
      out.Remains_Role4 += survivors * (1 - rates.rtd_rate);
      return;
    }
    out.RTD += alive * pRtd;
    const leaving = alive * (1 - pDeath - pRtd);
    const diedInTransit = leaving * Math.min(1, TRANSIT_DEATH_SHARE * pDeath);
    if (fi === 0) out.KIA += diedInTransit;
    else out.DOW += diedInTransit;
    alive = leaving - diedInTransit;
  });
  return out;
}

export function estimateOutcomes(s: Scenario): OutcomeMix {
  const types = WARFARE_TYPES.filter((w) => s.warfare_types[w]);
  const totalWeight = types.reduce((a, w) => a + WARFARE_PROFILES[w].weight, 0);
  let disease = 1;
  for (const c of ENVIRONMENTAL_CONDITIONS) if (s.environmental_conditions[c]) disease *= ENVIRONMENT_EFFECTS[c].diseaseMultiplier;
  const t4Share = s.intensity === 'high' || s.intensity === 'extreme' ? 0.05 : 0.02;
  const mix: OutcomeMix = { KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0 };
  for (const w of types) {
    const profile = WARFARE_PROFILES[w];
    const share = profile.weight / totalWeight;
    const raw = INJURY_TYPES.map((k) => s.injury_mix[k] * profile.injuryModifier[k] * (k === 'DISEASE' ? disease : 1));
    const sum = raw.reduce((a, b) => a + b, 0) || 1;
    INJURY_TYPES.forEach((k, ii) => {
      const pInjury = share * (raw[ii] as number) / sum;
      const tri = profile.triage[k];
      const triSum = tri.T1 + tri.T2 + tri.T3;
      const t4 = k === 'BATTLE_TRAUMA' ? t4Share : 0;
      const weights = [(tri.T1 / triSum) * (1 - t4), tri.T2 / triSum, tri.T3 / triSum, (tri.T1 / triSum) * t4];
      weights.forEach((pt, ti) => {
        const o = chain(s, ii, ti);
        mix.KIA += pInjury * pt * o.KIA;
        mix.DOW += pInjury * pt * o.DOW;
        mix.RTD += pInjury * pt * o.RTD;
        mix.Remains_Role4 += pInjury * pt * o.Remains_Role4;
      });
    });
  }
  return mix;
}

/** The estimate for a scenario JSON, or undefined while it is invalid. */
export function estimateFromJson(json: unknown): OutcomeMix | undefined {
  const r = parseScenario(json);
  return r.ok ? estimateOutcomes(r.scenario) : undefined;
}
