/**
 * A casualty as the clinical model sees it: what happened (mechanism, injuries or illness),
 * the physiological state that follows from it, and what care it will need. Built once per
 * patient from its own random stream; the pathway (pathway.ts) then runs it down the chain.
 */
import type { Rng } from '../rng.js';
import type { Mechanism, WarfareType } from '../types.js';
import {
  battleMechanism, drawInjuries, injurySeverityScore, nbiMechanism, newInjurySeverityScore, type InjuryDraw,
} from './injury.js';
import { BACK_PAIN, COLD, HEAT, drawDisease, drawSeverity, type IllnessProfile, type Severity } from './illness.js';
import { HOUR, MIN, Physiology } from './physiology.js';
import type { InjuryIndex } from './sample.js';

export interface Illness {
  profile: IllnessProfile;
  severity: Severity;
}

export interface Casualty {
  kind: InjuryIndex;
  mechanism: Mechanism | null;
  injuries: InjuryDraw[];
  illness: Illness | null;
  iss: number;
  niss: number;
  phys: Physiology;
  /** Needs surgery (damage control at Role 2, definitive at Role 3). */
  surgery: boolean;
  /** Head injury that needs CT and a neurosurgeon (Role 3). */
  neuro: boolean;
  /** Recovery longer than the theatre holds: evacuated to Role 4. */
  outOfTheatre: boolean;
  /** Where a casualty who recovers in theatre is held and returned to duty, and for how long (hours). */
  holdAt: 1 | 2 | 3;
  holdHours: number;
  /** At Role 4: stays under care (Remains_Role4) rather than returning to duty. */
  remainsAtRole4: boolean;
  massCasualty: boolean;
}

const SOFT: ReadonlySet<InjuryDraw['nature']> = new Set(['gunshot', 'fragment', 'laceration']);

/** Which non-battle mechanisms bring an illness rather than a wound. */
function nbiIllness(rng: Rng, mech: Mechanism): IllnessProfile | null {
  if (mech === 'heat') return HEAT;
  if (mech === 'cold') return COLD;
  // A fifth of training injuries are back pain (Hauret et al. 2010: musculoskeletal overuse).
  if (mech === 'training' && rng.float() < 0.2) return BACK_PAIN;
  return null;
}

/** Sets up the physiology of the injuries: bleeding, brain, airway, breathing, burns, infection, pain. */
function injure(rng: Rng, c: Casualty): void {
  const s = c.phys;
  let maxAis = 0;
  for (const inj of c.injuries) {
    maxAis = Math.max(maxAis, inj.ais);
    if (inj.ais === 6) s.immediateDeathAt = Math.min(s.immediateDeathAt, (1 + 14 * rng.float()) * MIN);
    s.addBleed(rng, inj.haemorrhage, inj.ais, inj.region === 'extremities');
    if (inj.nature === 'burn') s.addBurn(inj.tbsa);
    if (inj.region === 'head_neck' && (inj.nature === 'tbi' || inj.nature === 'concussion')) {
      // GCS by head AIS (AIS 2 concussion 14–15 … AIS 5 critical 4–7); an expanding lesion worsens until surgery.
      const gcs = [15, 15, 14, 12, 9, 5, 3][inj.ais] as number;
      s.gcs0 = Math.min(s.gcs0, gcs + (inj.ais >= 2 && inj.ais <= 5 ? rng.int(0, 1) : 0) - (inj.ais >= 4 ? rng.int(0, 2) : 0));
      const expanding = inj.ais === 5 ? 0.5 : inj.ais === 4 ? 0.3 : 0;
      const rate = rng.float() < expanding ? (inj.ais === 5 ? 0.6 + 0.9 * rng.float() : 0.15 + 0.35 * rng.float()) : 0.02 * rng.float();
      s.brainRate = Math.max(s.brainRate, rate / HOUR);
    }
    if (inj.region === 'face' && inj.ais >= 3) {
      s.airwayRisk = true;
      if (inj.ais >= 4) s.asphyxiaAt = Math.min(s.asphyxiaAt, (10 + 30 * rng.float()) * MIN);
    }
    if (inj.region === 'chest' && inj.ais >= 3) {
      s.chestInjury = true;
      const p = inj.ais === 3 ? 0.2 : inj.ais === 4 ? 0.35 : 0.5;
      if (!s.tension && rng.float() < p) {
        s.tension = true;
        s.tensionAt = (5 + 55 * rng.float()) * MIN;
        s.tensionDeathAt = s.tensionAt + (20 + 40 * rng.float()) * MIN;
      }
    }
    if (SOFT.has(inj.nature) || inj.nature === 'open_fracture' || inj.nature === 'amputation' || inj.nature === 'penetrating') {
      if (inj.ais >= 2) s.infectionRisk = true;
    }
  }
  if (s.infectionRisk) s.infectionOnset = (24 + 48 * rng.float()) * HOUR;
  s.pain = maxAis >= 3 ? 3 : maxAis;
  const bleedingOrBurnt = c.injuries.some((i) => i.ais >= 3 || i.nature === 'burn');
  s.coolingRate = bleedingOrBurnt ? 0.6 : 0;
}

function decideCare(c: Casualty, rng: Rng): void {
  const injuries = c.injuries;
  const maxAis = injuries.reduce((m, i) => Math.max(m, i.ais), 0);
  const has = (f: (i: InjuryDraw) => boolean) => injuries.some(f);
  const burn = injuries.find((i) => i.nature === 'burn');
  c.neuro = has((i) => i.nature === 'tbi' && i.ais >= 3);
  c.surgery = has((i) => i.ais >= 3 && i.nature !== 'tbi' && i.nature !== 'rib_fracture' && i.nature !== 'burn')
    || has((i) => i.haemorrhage === 'non_compressible') || (burn !== undefined && burn.tbsa >= 20);
  const fracture = has((i) => i.nature === 'fracture' || i.nature === 'open_fracture' || i.nature === 'amputation');
  c.outOfTheatre = c.neuro || c.surgery || fracture || maxAis >= 3 || (burn !== undefined && burn.tbsa >= 10);
  c.remainsAtRole4 = c.iss >= 25 || has((i) => i.nature === 'amputation') || has((i) => i.nature === 'tbi' && i.ais >= 4)
    || (burn !== undefined && burn.tbsa >= 30);
  if (c.outOfTheatre) return;
  // Recovered in theatre: minor wounds at Role 1 within hours, concussion and sprains within
  // three days, AIS 2 wounds, rib fractures and small burns at Role 2 (docs/clinical-model.md, "Disposition").
  if (maxAis <= 1) {
    c.holdAt = 1;
    c.holdHours = 2 + 22 * rng.float();
  } else if (injuries.every((i) => i.ais <= 1 || i.nature === 'concussion' || i.nature === 'sprain')) {
    c.holdAt = 1;
    c.holdHours = 24 + 36 * rng.float();
  } else if (injuries.every((i) => i.ais <= 1 || SOFT.has(i.nature))) {
    c.holdAt = 2;
    c.holdHours = 18 + 36 * rng.float();
  } else {
    c.holdAt = 2;
    c.holdHours = 72 + 96 * rng.float();
  }
}

function decideIllnessCare(c: Casualty, rng: Rng): void {
  const ill = c.illness as Illness;
  const s = c.phys;
  const sev = ill.severity;
  const pr = ill.profile;
  s.fever = pr.fever[sev];
  s.dehydration = pr.dehydration[sev];
  s.respiratoryDistress = pr.breathing[sev];
  s.heatIllness = pr.confusion[sev];
  s.stress = pr.stress;
  s.pain = pr.key === 'back_pain' ? 1 + sev : 0;
  c.outOfTheatre = false;
  c.remainsAtRole4 = false;
  if (sev === 0) {
    c.holdAt = 1;
    c.holdHours = 12 + 36 * rng.float();
  } else if (sev === 1) {
    c.holdAt = 2;
    c.holdHours = 36 + 60 * rng.float();
  } else {
    c.holdAt = 3;
    c.holdHours = 72 + 120 * rng.float();
    // A fifth of severe cases need longer than the theatre holds (Role 4).
    if (rng.float() < 0.2 || pr.key === 'cold_injury') c.outOfTheatre = true;
    if (rng.float() < pr.severeDeath) {
      s.lateDeathAt = (12 + 84 * rng.float()) * HOUR;
      s.lateCause = pr.key === 'heat_exhaustion' ? 'heat stroke' : 'sepsis';
    }
  }
}

/**
 * The casualty of patient `kind` (0 battle, 1 non-battle, 2 disease). `shift` makes the worst
 * injury one step more severe (special events).
 */
export function createCasualty(rng: Rng, kind: InjuryIndex, warfare: WarfareType, shift: boolean, massCasualty: boolean, nbiOverride: Mechanism | null): Casualty {
  const c: Casualty = {
    kind, mechanism: null, injuries: [], illness: null, iss: 0, niss: 0, phys: new Physiology(rng),
    surgery: false, neuro: false, outOfTheatre: false, holdAt: 1, holdHours: 24, remainsAtRole4: false, massCasualty,
  };
  if (kind === 2) {
    const profile = drawDisease(rng);
    c.illness = { profile, severity: drawSeverity(rng, profile, false) };
    decideIllnessCare(c, rng);
    return c;
  }
  const mech = kind === 0 ? battleMechanism(rng, warfare) : nbiOverride ?? nbiMechanism(rng);
  c.mechanism = mech;
  const illness = kind === 1 ? nbiIllness(rng, mech) : null;
  if (illness !== null) {
    c.illness = { profile: illness, severity: drawSeverity(rng, illness, false) };
    decideIllnessCare(c, rng);
    return c;
  }
  c.injuries = drawInjuries(rng, mech, shift, kind === 1);
  c.iss = injurySeverityScore(c.injuries);
  c.niss = newInjurySeverityScore(c.injuries);
  injure(rng, c);
  decideCare(c, rng);
  return c;
}
