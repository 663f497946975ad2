/**
 * Injuries (domain spec §4.2): a casualty's mechanism, its 1–3 injuries (AIS region and
 * severity), ISS and NISS, and the condition each injury is. Battle mechanisms are drawn per
 * warfare type; non-battle injuries have mechanisms of their own (vehicle, fall, training,
 * heat, cold). Every number here is named in docs/clinical-model.md with its source or the
 * assumption behind it.
 */
import type { Rng } from '../rng.js';
import type { AisRegion, HaemorrhageType, Mechanism, WarfareType } from '../types.js';
import { cumulate, pickCumulative } from './sample.js';
import { conditionFor, type InjuryCondition, type Nature, type Site } from './injury-codes.js';

// Defined beside the conditions they decide (injury-codes.ts imports nothing from here).
export type { Nature, Site };

/** One injury before it is written out: the engine's own view of it. */
export interface InjuryDraw {
  region: AisRegion;
  site: Site;
  ais: number;
  nature: Nature;
  haemorrhage: HaemorrhageType;
  condition: InjuryCondition;
  /** Burned body surface, percent (burns only). */
  tbsa: number;
}

/** Battle mechanisms, in order, and their shares by warfare type (docs/clinical-model.md, "Mechanisms"). */
export const BATTLE_MECHANISMS: readonly Mechanism[] = ['explosive', 'gunshot', 'drone', 'burn', 'crush'];
export const MECHANISM_SHARES: Record<WarfareType, readonly number[]> = {
  // Owens et al. 2008 (OIF/OEF): explosive 78 %, gunshot 18 %; the rest burns and crush.
  conventional: [0.74, 0.19, 0.03, 0.02, 0.02],
  artillery: [0.88, 0.06, 0.02, 0.02, 0.02],
  urban: [0.6, 0.3, 0.03, 0.02, 0.05],
  guerrilla: [0.6, 0.34, 0.02, 0.02, 0.02],
  // Ukraine 2023–24 field reports: drones cause most battlefield casualties.
  drone: [0.22, 0.06, 0.68, 0.02, 0.02],
  naval: [0.55, 0.05, 0.05, 0.25, 0.1],
  cbrn: [0.6, 0.2, 0.05, 0.1, 0.05],
  peacekeeping: [0.5, 0.42, 0.02, 0.02, 0.04],
};

export const NBI_MECHANISMS: readonly Mechanism[] = ['vehicle', 'fall', 'training', 'burn', 'crush', 'heat', 'cold'];
/** Non-battle injury mechanisms (Hauret et al. 2010: vehicle, falls and sports/training lead). */
export const NBI_SHARES: readonly number[] = [0.22, 0.28, 0.36, 0.05, 0.05, 0.02, 0.02];

/** Number of injuries 1, 2, 3 by mechanism: fragments wound several regions, bullets mostly one. */
const INJURY_COUNT: Record<Mechanism, readonly number[]> = {
  explosive: [0.45, 0.33, 0.22], drone: [0.5, 0.32, 0.18], gunshot: [0.78, 0.18, 0.04], burn: [0.8, 0.15, 0.05],
  crush: [0.6, 0.3, 0.1], vehicle: [0.6, 0.28, 0.12], fall: [0.85, 0.13, 0.02], training: [0.95, 0.05, 0], heat: [1, 0, 0], cold: [1, 0, 0],
};

/** Region weights in AIS_REGIONS order: head/neck, face, chest, abdomen, extremities, external. */
const REGIONS: readonly AisRegion[] = ['head_neck', 'face', 'chest', 'abdomen', 'extremities', 'external'];
const REGION_SHARES: Record<Mechanism, readonly number[]> = {
  // Owens et al. 2008: extremities 54 %, head and neck 30 % (face included), thorax 6 %, abdomen 9 % of wounds;
  // body armour protects the chest, so a bullet's share of chest and abdomen is higher than a fragment's.
  explosive: [0.15, 0.1, 0.08, 0.09, 0.55, 0.03],
  drone: [0.16, 0.1, 0.09, 0.09, 0.53, 0.03],
  gunshot: [0.12, 0.06, 0.16, 0.14, 0.52, 0],
  burn: [0, 0, 0, 0, 0, 1],
  crush: [0.1, 0.02, 0.2, 0.13, 0.55, 0],
  vehicle: [0.18, 0.07, 0.15, 0.08, 0.52, 0],
  fall: [0.15, 0.05, 0.08, 0.02, 0.7, 0],
  training: [0.04, 0.04, 0.02, 0, 0.9, 0],
  heat: [0, 0, 0, 0, 0, 1],
  cold: [0, 0, 0, 0, 1, 0],
};

/** AIS 1–6 weights by mechanism, before the region's ceiling. */
const SEVERITY: Record<Mechanism, readonly number[]> = {
  explosive: [0.3, 0.32, 0.2, 0.095, 0.04, 0.045],
  drone: [0.28, 0.32, 0.21, 0.105, 0.04, 0.045],
  gunshot: [0.22, 0.3, 0.23, 0.11, 0.065, 0.075],
  burn: [0.3, 0.35, 0.17, 0.1, 0.05, 0.03],
  crush: [0.3, 0.35, 0.2, 0.1, 0.04, 0.01],
  vehicle: [0.55, 0.33, 0.09, 0.02, 0.008, 0.002],
  fall: [0.55, 0.37, 0.075, 0.005, 0, 0],
  training: [0.7, 0.27, 0.03, 0, 0, 0],
  heat: [1, 0, 0, 0, 0, 0],
  cold: [0.6, 0.3, 0.1, 0, 0, 0],
};

/** Highest AIS a region reaches (AIS 2005: face 4, extremities 5). */
const REGION_MAX: Record<AisRegion, number> = { head_neck: 6, face: 4, chest: 6, abdomen: 5, extremities: 5, external: 6 };

const C = (w: Record<Mechanism, readonly number[]>) =>
  Object.fromEntries(Object.entries(w).map(([k, v]) => [k, cumulate(v as number[])])) as Record<Mechanism, Float64Array>;
const COUNT_C = C(INJURY_COUNT);
const REGION_C = C(REGION_SHARES);
const SEVERITY_C = C(SEVERITY);
const BATTLE_C = Object.fromEntries(Object.entries(MECHANISM_SHARES).map(([k, v]) => [k, cumulate(v as number[])])) as Record<WarfareType, Float64Array>;
const NBI_C = cumulate(NBI_SHARES as number[]);

export function battleMechanism(rng: Rng, warfare: WarfareType): Mechanism {
  return BATTLE_MECHANISMS[pickCumulative(BATTLE_C[warfare], rng.float())] as Mechanism;
}

export function nbiMechanism(rng: Rng): Mechanism {
  return NBI_MECHANISMS[pickCumulative(NBI_C, rng.float())] as Mechanism;
}

const SIDE_ARM: readonly Site[] = ['left arm', 'right arm'];
const SIDE_LEG: readonly Site[] = ['left leg', 'right leg'];

function siteOf(rng: Rng, region: AisRegion): Site {
  switch (region) {
    case 'head_neck': return rng.float() < 0.85 ? 'head' : 'neck';
    case 'face': return 'face';
    case 'chest': return 'chest';
    case 'abdomen': return 'abdomen';
    case 'external': return 'skin';
    default: {
      // Lower limbs take about two thirds of extremity wounds (Owens 2008).
      const limb = rng.float() < 0.64 ? SIDE_LEG : SIDE_ARM;
      return limb[rng.float() < 0.5 ? 0 : 1] as Site;
    }
  }
}

const PENETRATING: ReadonlySet<Mechanism> = new Set(['explosive', 'drone', 'gunshot']);

/** What the injury is, from mechanism, region and severity. */
function natureOf(rng: Rng, mech: Mechanism, region: AisRegion, site: Site, ais: number): Nature {
  if (region === 'external') return 'burn';
  const penetrating = PENETRATING.has(mech);
  const projectile: Nature = mech === 'gunshot' ? 'gunshot' : 'fragment';
  switch (region) {
    case 'head_neck':
      if (penetrating && ais <= 2) return projectile;
      return ais <= 2 ? 'concussion' : 'tbi';
    case 'face':
      return penetrating ? projectile : mech === 'crush' ? 'crush' : 'laceration';
    case 'chest':
    case 'abdomen':
      if (penetrating) return ais >= 3 ? 'penetrating' : projectile;
      if (mech === 'crush') return 'crush';
      return region === 'chest' ? 'rib_fracture' : ais >= 3 ? 'crush' : 'laceration';
    default:
      if (penetrating) {
        if (ais >= 4 && mech !== 'gunshot' && rng.float() < 0.6) return 'amputation';
        if (ais >= 3) return 'open_fracture';
        return projectile;
      }
      if (mech === 'crush') return ais >= 4 ? 'amputation' : 'crush';
      // A sprain here is an ankle sprain: on a leg only.
      if (mech === 'training' && ais === 1) return rng.float() < 0.6 && (site === 'left leg' || site === 'right leg') ? 'sprain' : 'laceration';
      if (ais === 1) return 'laceration';
      return ais >= 3 ? 'open_fracture' : 'fracture';
  }
}

/** How the injury bleeds. A junctional wound (groin, axilla, neck) cannot take a tourniquet. */
function haemorrhageOf(rng: Rng, region: AisRegion, nature: Nature, ais: number): HaemorrhageType {
  if (nature === 'burn' || nature === 'concussion' || nature === 'sprain' || nature === 'tbi' && ais <= 3) return 'none';
  if (ais <= 1) return 'none';
  if (ais === 2) return 'minor';
  if (region === 'chest' || region === 'abdomen') return 'non_compressible';
  if (region === 'extremities') return rng.float() < 0.12 ? 'junctional' : 'compressible';
  if (region === 'head_neck' && nature !== 'tbi') return 'junctional';
  return 'minor';
}

/** Burned body surface by burn AIS (AIS 2005: 2 < 10 %, 3 10–19 %, 4 20–29 %, 5 30–39 %, 6 ≥ 40 %). */
function burnArea(rng: Rng, ais: number): number {
  if (ais <= 1) return rng.int(1, 4);
  if (ais === 2) return rng.int(3, 9);
  if (ais === 6) return rng.int(40, 85);
  return rng.int((ais - 2) * 10, (ais - 2) * 10 + 9);
}

/**
 * 1–3 injuries from a mechanism. `shift` raises the worst injury's severity one step (special
 * events); `nonBattle` marks an accident (burns and crush one step lighter).
 */
export function drawInjuries(rng: Rng, mech: Mechanism, shift: boolean, nonBattle: boolean): InjuryDraw[] {
  const count = 1 + pickCumulative(COUNT_C[mech], rng.float());
  const out: InjuryDraw[] = [];
  for (let i = 0; i < count; i++) {
    let region = REGIONS[pickCumulative(REGION_C[mech], rng.float())] as AisRegion;
    // A second burn adds to the same area; a second injury of a burn is from the blast that caused it.
    if (i > 0 && region === 'external' && out.some((d) => d.region === 'external')) region = 'extremities';
    let ais = 1 + pickCumulative(SEVERITY_C[mech], rng.float());
    if (i > 0 && ais > 1) ais -= 1; // secondary wounds are lighter than the first
    // Accidental burns and crush injuries are lighter than those of weapons (assumption, docs/clinical-model.md).
    if (nonBattle && (mech === 'burn' || mech === 'crush') && ais > 1) ais -= 1;
    ais = Math.min(ais, REGION_MAX[region]);
    const site = siteOf(rng, region);
    const nature = natureOf(rng, mech, region, site, ais);
    const tbsa = nature === 'burn' ? burnArea(rng, ais) : 0;
    const haemorrhage = haemorrhageOf(rng, region, nature, ais);
    out.push({ region, site, ais, nature, haemorrhage, tbsa, condition: conditionFor(nature, site, tbsa) });
  }
  if (shift) {
    const worst = out.reduce((a, b) => (b.ais > a.ais ? b : a));
    if (worst.ais < REGION_MAX[worst.region]) {
      worst.ais += 1;
      worst.nature = natureOf(rng, mech, worst.region, worst.site, worst.ais);
      if (worst.nature === 'burn') worst.tbsa = burnArea(rng, worst.ais);
      worst.haemorrhage = haemorrhageOf(rng, worst.region, worst.nature, worst.ais);
      worst.condition = conditionFor(worst.nature, worst.site, worst.tbsa);
    }
  }
  out.sort((a, b) => b.ais - a.ais);
  return out;
}

/** ISS: squares of the highest AIS in the three most severely injured regions; 75 with any AIS 6. */
export function injurySeverityScore(injuries: readonly { region: AisRegion; ais: number }[]): number {
  const best = new Map<AisRegion, number>();
  for (const i of injuries) {
    if (i.ais === 6) return 75;
    best.set(i.region, Math.max(best.get(i.region) ?? 0, i.ais));
  }
  return [...best.values()].sort((a, b) => b - a).slice(0, 3).reduce((s, a) => s + a * a, 0);
}

/** NISS: squares of the three highest AIS, whatever their regions; 75 with any AIS 6. */
export function newInjurySeverityScore(injuries: readonly { ais: number }[]): number {
  if (injuries.some((i) => i.ais === 6)) return 75;
  return injuries.map((i) => i.ais).sort((a, b) => b - a).slice(0, 3).reduce((s, a) => s + a * a, 0);
}

