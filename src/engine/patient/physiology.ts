/**
 * A casualty's physiological state over time (domain spec §4.3; docs/clinical-model.md, "State
 * model"). Times are seconds since the injury. The state is a plan: what the injuries do and
 * when each treatment changes that. Vitals at any time, and the first moment the state becomes
 * unsurvivable, are computed from the plan, so a casualty who waits deteriorates and one who is
 * treated improves. Treatments are added in time order as the casualty moves down the chain.
 *
 * Haemorrhage is a volume deficit L (fraction of blood volume) that grows as
 * dL/dt = k·(1 − L) while a bleed is open, k the sum of the open bleeds' rates; a tourniquet,
 * dressing or surgery closes (or slows) a bleed at its time; blood and resuscitation lower L.
 * Vitals follow L as the ATLS haemorrhage classes describe.
 */
import type { Rng } from '../rng.js';
import type { HaemorrhageType } from '../types.js';

const MIN = 60;
const HOUR = 3600;

/** Bleeding rates per minute by region kind and AIS (docs/clinical-model.md, "Haemorrhage"). */
const LIMB_RATE = [0, 0, 0.0015, 0.004, 0.011, 0.018, 0.03];
const TRUNK_RATE = [0, 0, 0.001, 0.0013, 0.003, 0.008, 0.03];
/** Burn plasma loss per minute per percent of body surface, before fluids. */
const BURN_RATE = 0.00003;

export interface Bleed {
  kind: HaemorrhageType | 'burn';
  /** Rate per second while open. */
  k: number;
  /** When it stops (self-limiting, tourniquet, surgery); Infinity while open. */
  stopAt: number;
  /** When it was slowed (haemostatic dressing, TXA, fluids for burns), and to what share. */
  slowAt: number;
  slowTo: number;
}

interface Restore {
  at: number;
  /** The deficit falls to at most this. */
  to: number;
}

export class Physiology {
  readonly bleeds: Bleed[] = [];
  private readonly restores: Restore[] = [];
  /** Volume deficit at which the casualty dies (0.45–0.55: class IV haemorrhage). */
  readonly lethalLoss: number;
  // Baselines of this person.
  readonly hr0: number;
  readonly sbp0: number;
  readonly rr0: number;
  readonly spo20: number;
  readonly temp0: number;
  // Brain: GCS from the head injury, falling at `brainRate` points per second until surgery.
  gcs0 = 15;
  brainRate = 0;
  brainStopAt = Infinity;
  // Airway: obstructed by facial injury or a low GCS; an adjunct opens it partly, intubation fully.
  airwayRisk = false;
  asphyxiaAt = Infinity;
  airwayAdjunctAt = Infinity;
  airwaySecuredAt = Infinity;
  // Breathing: tension pneumothorax, fatal at tensionDeathAt unless decompressed.
  tension = false;
  tensionAt = 0;
  tensionDeathAt = Infinity;
  decompressedAt = Infinity;
  drainAt = Infinity;
  chestInjury = false;
  // Oxygen, warming, analgesia.
  oxygenAt = Infinity;
  warmedAt = Infinity;
  analgesiaAt = Infinity;
  pain = 0;
  /** Hypothermia risk: exposure and blood loss cool a casualty (°C per hour at full risk). */
  coolingRate = 0;
  // Wound infection: onset unless antibiotics come in time.
  infectionRisk = false;
  antibioticsAt = Infinity;
  infectionOnset = Infinity;
  // Disease: dehydration deficit, fever (°C above baseline), illness resolution.
  dehydration = 0;
  rehydratedAt = Infinity;
  fever = 0;
  feverTreatedAt = Infinity;
  resolvedAt = Infinity;
  respiratoryDistress = 0;
  stress = false;
  heatIllness = 0;
  // Fixed deaths: an injury no one survives, and a late death (organ failure, sepsis) drawn now.
  immediateDeathAt = Infinity;
  lateDeathAt = Infinity;
  /** Uniform draw that decides a late death once its probability is known (it depends on the course). */
  readonly lateDeathDraw: number;
  /** Uniform draw for the burn death decision. */
  readonly burnDeathDraw: number;

  constructor(rng: Rng) {
    this.lethalLoss = 0.45 + 0.1 * rng.float();
    this.hr0 = 62 + Math.floor(22 * rng.float());
    this.sbp0 = 112 + Math.floor(22 * rng.float());
    this.rr0 = 12 + Math.floor(6 * rng.float());
    this.spo20 = 96 + Math.floor(4 * rng.float());
    this.temp0 = 36.5 + 0.6 * rng.float();
    this.lateDeathDraw = rng.float();
    this.burnDeathDraw = rng.float();
  }

  /** Adds the bleed of an injury: its rate varies ±40 % between casualties. */
  addBleed(rng: Rng, kind: HaemorrhageType, ais: number, limb: boolean): void {
    if (kind === 'none') return;
    const perMin = (limb || kind === 'junctional' ? LIMB_RATE : TRUNK_RATE)[ais] as number;
    const k = (perMin * (0.6 + 0.8 * rng.float())) / MIN;
    // A minor bleed clots by itself within 10–40 minutes.
    const stopAt = kind === 'minor' ? (10 + 30 * rng.float()) * MIN : Infinity;
    this.bleeds.push({ kind, k, stopAt, slowAt: Infinity, slowTo: 1 });
  }

  addBurn(tbsa: number): void {
    if (tbsa < 10) return;
    this.bleeds.push({ kind: 'burn', k: (tbsa * BURN_RATE) / MIN, stopAt: Infinity, slowAt: Infinity, slowTo: 1 });
  }

  /** Stops the open bleeds of the given kinds at time t. */
  stop(kinds: readonly (HaemorrhageType | 'burn')[], t: number): void {
    for (const b of this.bleeds) if (kinds.includes(b.kind) && b.stopAt > t) b.stopAt = t;
  }

  /** Slows open bleeds of the given kinds to `share` of their rate from time t. */
  slow(kinds: readonly (HaemorrhageType | 'burn')[], t: number, share: number): void {
    for (const b of this.bleeds) {
      if (!kinds.includes(b.kind) || b.stopAt <= t) continue;
      if (b.slowAt === Infinity) {
        b.slowAt = t;
        b.slowTo = share;
      } else b.slowTo = Math.min(b.slowTo, share);
    }
  }

  /** Transfusion or resuscitation at t: the deficit falls to at most `to`. */
  restore(t: number, to: number): void {
    this.restores.push({ at: t, to });
  }

  /** Whether any bleed of these kinds is still open at t. */
  bleeding(kinds: readonly (HaemorrhageType | 'burn')[], t: number): boolean {
    return this.bleeds.some((b) => kinds.includes(b.kind) && b.stopAt > t);
  }

  /** Sum of the open bleeds' rates at t (per second). */
  private rate(t: number): number {
    let k = 0;
    for (const b of this.bleeds) if (b.stopAt > t) k += t >= b.slowAt ? b.k * b.slowTo : b.k;
    return k;
  }

  /** The first time after t (and before `to`) where the bleeding rate or the deficit changes; `to` if none. */
  private nextBreak(t: number, to: number): number {
    let next = to;
    for (const b of this.bleeds) {
      if (b.stopAt > t && b.stopAt < next) next = b.stopAt;
      if (b.slowAt > t && b.slowAt < next) next = b.slowAt;
    }
    for (const r of this.restores) if (r.at > t && r.at < next) next = r.at;
    return next;
  }

  /** Deficit at the end of the last walk, and the highest deficit it saw. */
  private walkLoss = 0;
  private walkMax = 0;

  /**
   * Walks the deficit from the injury to `to`, segment by segment between the moments the
   * bleeding changes; leaves the deficit there and the highest deficit seen in walkLoss/walkMax,
   * and returns the first time in [from, to] the deficit reaches the lethal loss (or Infinity).
   */
  private walk(from: number, to: number): number {
    let loss = 0;
    let max = 0;
    let t = 0;
    for (;;) {
      for (const r of this.restores) if (r.at === t && loss > r.to) loss = r.to;
      if (t >= to) break;
      const next = this.nextBreak(t, to);
      const k = this.rate(t);
      if (k > 0) {
        const end = 1 - (1 - loss) * Math.exp(-k * (next - t));
        if (end >= this.lethalLoss && next >= from) {
          const cross = t + Math.log((1 - loss) / (1 - this.lethalLoss)) / k;
          if (cross >= from) {
            this.walkLoss = this.lethalLoss;
            this.walkMax = this.lethalLoss;
            return cross;
          }
        }
        loss = end;
      }
      if (loss > max) max = loss;
      t = next;
    }
    this.walkLoss = loss;
    this.walkMax = max;
    return Infinity;
  }

  /** Blood (and burn plasma) volume deficit at t, 0–1. */
  lossAt(t: number): number {
    this.walk(t, t);
    return this.walkLoss;
  }

  /** The highest deficit reached up to t: how deep the shock went. */
  maxLossUntil(t: number): number {
    this.walk(t, t);
    return this.walkMax;
  }

  /** GCS of the brain injury alone at t. */
  brainGcs(t: number): number {
    const until = Math.min(t, this.brainStopAt);
    return Math.max(3, this.gcs0 - this.brainRate * until);
  }

  /** When the brain injury kills (herniation at GCS 3), or Infinity. */
  brainDeathAt(): number {
    if (this.brainRate <= 0 || this.gcs0 <= 3) return this.gcs0 <= 3 ? 0 : Infinity;
    const at = (this.gcs0 - 3) / this.brainRate;
    return at < this.brainStopAt ? at : Infinity;
  }

  /** The first moment in [from, to] the state is unsurvivable, with its cause; null if none. */
  deathBetween(from: number, to: number): { at: number; cause: string } | null {
    let at = Infinity;
    let cause = '';
    const consider = (x: number, why: string) => {
      if (x >= from && x <= to && x < at) {
        at = x;
        cause = why;
      }
    };
    consider(this.immediateDeathAt, 'non-survivable injury');
    consider(this.walk(from, to), this.bleeding(['burn'], from) && !this.bleeding(['minor', 'compressible', 'junctional', 'non_compressible'], from) ? 'burn shock' : 'haemorrhage');
    consider(this.brainDeathAt(), 'traumatic brain injury');
    if (this.tension && this.decompressedAt > this.tensionDeathAt) consider(this.tensionDeathAt, 'tension pneumothorax');
    if (this.airwaySecuredAt > this.asphyxiaAt && this.airwayAdjunctAt > this.asphyxiaAt) consider(this.asphyxiaAt, 'airway obstruction');
    consider(this.lateDeathAt, this.lateCause);
    return at === Infinity ? null : { at, cause };
  }

  lateCause = 'multiple organ failure';

  /** Whether the airway is obstructed at t (and how much an adjunct helps). */
  private airwayDeficit(t: number, gcs: number): number {
    if (t >= this.airwaySecuredAt) return 0;
    const obstructed = this.airwayRisk || gcs <= 8;
    if (!obstructed) return 0;
    return t >= this.airwayAdjunctAt ? 4 : 12;
  }

  private tensionActive(t: number): boolean {
    return this.tension && t >= this.tensionAt && t < this.decompressedAt;
  }

  /** Fever at t in °C above baseline (disease fever, wound infection). */
  private feverAt(t: number): number {
    let f = 0;
    if (this.fever > 0 && t < this.resolvedAt) f = t >= this.feverTreatedAt ? this.fever * 0.5 : this.fever;
    if (t >= this.infectionOnset && t < this.resolvedAt) f = Math.max(f, 1.8);
    return f;
  }

  private dehydrationAt(t: number): number {
    if (this.dehydration <= 0) return 0;
    if (t < this.rehydratedAt) return this.dehydration;
    // Rehydration restores volume over about six hours.
    return Math.max(0, this.dehydration * (1 - (t - this.rehydratedAt) / (6 * HOUR)));
  }

  /** Vitals at t: heart rate, systolic pressure, respiratory rate, SpO2, GCS, temperature. */
  vitals(t: number, rng: Rng): Vitals {
    const loss = this.lossAt(t) + this.dehydrationAt(t);
    const fever = this.feverAt(t);
    const tension = this.tensionActive(t);
    const decompressed = this.tension && t >= this.decompressedAt && t < this.drainAt;
    const painful = this.pain > 0 && t < this.analgesiaAt ? this.pain : 0;
    const ill = t < this.resolvedAt;
    let hr = this.hr0 + hrFromLoss(loss) + 10 * fever + (tension ? 15 : 0) + painful * 4 + (this.stress && ill ? 18 : 0) + rng.int(-3, 3);
    let sbp = this.sbp0 - sbpDrop(loss) - (tension ? 25 : 0) + rng.int(-4, 4);
    let rr = this.rr0 + rrFromLoss(loss) + (tension ? 14 : decompressed ? 4 : 0) + (this.chestInjury && t < this.drainAt ? 3 : 0)
      + Math.round(3 * fever) + (this.respiratoryDistress > 0 && ill ? this.respiratoryDistress : 0) + (this.stress && ill ? 5 : 0) + rng.int(-1, 1);
    let gcs = this.brainGcs(t);
    if (loss >= 0.45) gcs -= 5;
    else if (loss >= 0.4) gcs -= 3;
    else if (loss >= 0.3) gcs -= 1;
    if (this.heatIllness > 0 && ill) gcs -= this.heatIllness;
    const airway = this.airwayDeficit(t, gcs);
    if (airway > 0) rr += 6;
    if (gcs <= 8 && t < this.airwaySecuredAt) rr -= 6;
    let spo2 = this.spo20 - (tension ? 14 : decompressed ? 3 : 0) - airway - (loss >= 0.4 ? 4 : 0)
      - (this.chestInjury && t < this.drainAt ? 2 : 0) - (this.respiratoryDistress > 4 && ill ? 4 : 0);
    if (t >= this.oxygenAt) spo2 += 3;
    if (spo2 < 88) gcs -= 1;
    let temp = this.temp0 + fever + (this.heatIllness > 0 && ill ? 1.5 * this.heatIllness : 0);
    if (this.coolingRate > 0) {
      const exposed = Math.min(t, this.warmedAt) / HOUR;
      temp -= Math.min(2.5, this.coolingRate * exposed * (0.5 + loss * 2));
    }
    hr = clamp(Math.round(hr), 35, 185);
    sbp = clamp(Math.round(sbp), 40, 170);
    rr = clamp(Math.round(rr), 6, 44);
    spo2 = clamp(Math.round(spo2 + rng.int(-1, 0)), 62, 100);
    gcs = clamp(Math.round(gcs), 3, 15);
    temp = Math.round(clamp(temp, 31, 41.5) * 10) / 10;
    return { hr, sbp, rr, spo2, gcs, temp, loss };
  }
}

export interface Vitals {
  hr: number;
  sbp: number;
  rr: number;
  spo2: number;
  gcs: number;
  temp: number;
  /** Volume deficit behind these vitals (not an observation; used by decisions). */
  loss: number;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Linear interpolation through (deficit, value) points. */
function curve(points: readonly (readonly [number, number])[], x: number): number {
  let prev = points[0] as readonly [number, number];
  if (x <= prev[0]) return prev[1];
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as readonly [number, number];
    if (x <= p[0]) return prev[1] + ((p[1] - prev[1]) * (x - prev[0])) / (p[0] - prev[0]);
    prev = p;
  }
  return prev[1];
}

// ATLS classes: I < 15 % (HR < 100), II 15–30 % (HR 100–120, RR 20–30), III 30–40 % (HR 120–140,
// SBP falls, RR 30–40, confused), IV > 40 % (HR > 140, SBP low, lethargic).
const HR_LOSS = [[0, 0], [0.1, 8], [0.15, 24], [0.3, 44], [0.4, 60], [0.5, 80]] as const;
const SBP_LOSS = [[0, 0], [0.15, 0], [0.3, 14], [0.4, 40], [0.5, 62], [0.6, 80]] as const;
const RR_LOSS = [[0, 0], [0.15, 3], [0.3, 9], [0.4, 16], [0.5, 20]] as const;
const hrFromLoss = (l: number) => curve(HR_LOSS, l);
const sbpDrop = (l: number) => curve(SBP_LOSS, l);
const rrFromLoss = (l: number) => curve(RR_LOSS, l);

export { MIN, HOUR };
