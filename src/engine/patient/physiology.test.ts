import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { HOUR, MIN, Physiology } from './physiology.js';
import { revisedTraumaScore, sieve, sortCategory } from './triage.js';

/** A casualty bleeding from one limb at `perMinute` of its blood volume, untreated. */
function bleeder(perMinute: number, kind: 'compressible' | 'non_compressible' = 'compressible'): Physiology {
  const s = new Physiology(Rng.derive(1, 2, 3));
  s.bleeds.push({ kind, k: perMinute / MIN, stopAt: Infinity, slowAt: Infinity, slowTo: 1 });
  return s;
}

/** The time at which the deficit reaches `loss` for a bleed of rate k per minute: −ln(1 − loss) / k. */
const at = (loss: number, perMinute: number) => (-Math.log(1 - loss) / perMinute) * MIN;

describe('physiology', () => {
  it('follows the ATLS haemorrhage classes: heart rate up, pressure down, confusion as the deficit grows', () => {
    const rate = 0.005;
    const s = bleeder(rate);
    const rng = Rng.derive(9, 9, 9);
    const v = (loss: number) => s.vitals(at(loss, rate), rng);
    const classI = v(0.1);
    const classII = v(0.22);
    const classIII = v(0.35);
    const classIV = v(0.44);
    expect(classI.hr).toBeLessThan(100);
    expect(classII.hr).toBeGreaterThanOrEqual(95);
    expect(classIII.hr).toBeGreaterThan(classII.hr);
    expect(classIV.hr).toBeGreaterThan(125);
    expect(classII.sbp).toBeGreaterThan(classIII.sbp);
    expect(classIII.sbp).toBeGreaterThan(classIV.sbp);
    expect(classIV.sbp).toBeLessThan(100);
    expect(classII.rr).toBeGreaterThanOrEqual(16);
    expect(classIV.gcs).toBeLessThan(classI.gcs);
  });

  it('dies when the deficit reaches the lethal loss, and a tourniquet in time prevents it', () => {
    const rate = 0.012;
    const s = bleeder(rate);
    const death = s.deathBetween(0, 10 * HOUR);
    expect(death?.cause).toBe('haemorrhage');
    expect(death!.at).toBeCloseTo(at(s.lethalLoss, rate), 0);
    const treated = bleeder(rate);
    treated.stop(['compressible'], 5 * MIN);
    expect(treated.deathBetween(0, 48 * HOUR)).toBeNull();
    // A tourniquet cannot stop a truncal bleed.
    const truncal = bleeder(rate, 'non_compressible');
    truncal.stop(['compressible'], 5 * MIN);
    expect(truncal.deathBetween(0, 10 * HOUR)?.cause).toBe('haemorrhage');
  });

  it('waiting longer for care raises the deficit: a later transfusion finds a deeper shock', () => {
    const early = bleeder(0.003);
    const late = bleeder(0.003);
    expect(late.lossAt(3 * HOUR)).toBeGreaterThan(early.lossAt(1 * HOUR));
    early.restore(1 * HOUR, 0.1);
    expect(early.lossAt(1 * HOUR)).toBeCloseTo(0.1, 6);
    expect(early.lossAt(2 * HOUR)).toBeGreaterThan(0.1);
  });

  it('lowers the GCS with a brain injury that worsens until surgery stops it', () => {
    const s = new Physiology(Rng.derive(4, 5, 6));
    s.gcs0 = 7;
    s.brainRate = 1 / HOUR;
    expect(s.brainGcs(0)).toBe(7);
    expect(s.brainGcs(2 * HOUR)).toBe(5);
    expect(s.deathBetween(0, 10 * HOUR)).toEqual({ at: 4 * HOUR, cause: 'traumatic brain injury' });
    s.brainStopAt = 1 * HOUR;
    expect(s.brainGcs(5 * HOUR)).toBe(6);
    expect(s.deathBetween(0, 10 * HOUR)).toBeNull();
  });

  it('a tension pneumothorax kills unless decompressed, and lowers SpO2 while it lasts', () => {
    const s = new Physiology(Rng.derive(7, 7, 7));
    s.tension = true;
    s.tensionAt = 10 * MIN;
    s.tensionDeathAt = 40 * MIN;
    const rng = Rng.derive(1, 1, 1);
    expect(s.vitals(20 * MIN, rng).spo2).toBeLessThan(s.vitals(5 * MIN, rng).spo2);
    expect(s.deathBetween(0, HOUR)?.cause).toBe('tension pneumothorax');
    s.decompressedAt = 15 * MIN;
    expect(s.deathBetween(0, HOUR)).toBeNull();
  });
});

describe('triage algorithms', () => {
  const base = { catastrophic_haemorrhage: false, ambulatory: false, breathing: true, responds_to_voice: true, respiratory_rate: 16, heart_rate: 80 };
  it('sieve (MITT): catastrophic haemorrhage, walking, breathing, voice, rate and pulse', () => {
    expect(sieve({ ...base, catastrophic_haemorrhage: true, ambulatory: true })).toBe('T1');
    expect(sieve({ ...base, ambulatory: true, heart_rate: 130 })).toBe('T3');
    expect(sieve({ ...base, breathing: false })).toBe('T4');
    expect(sieve({ ...base, responds_to_voice: false })).toBe('T1');
    expect(sieve({ ...base, respiratory_rate: 11 })).toBe('T1');
    expect(sieve({ ...base, respiratory_rate: 24 })).toBe('T1');
    expect(sieve({ ...base, respiratory_rate: 23 })).toBe('T2');
    expect(sieve({ ...base, heart_rate: 100 })).toBe('T1');
    expect(sieve({ ...base, heart_rate: 99 })).toBe('T2');
  });

  it('sort: the revised trauma score coded 0–4 per sign; 12 T3, 11 T2, ≤ 10 T1', () => {
    expect(revisedTraumaScore(15, 120, 16)).toBe(12);
    expect(revisedTraumaScore(12, 120, 16)).toBe(11);
    expect(revisedTraumaScore(15, 80, 16)).toBe(11);
    expect(revisedTraumaScore(15, 120, 30)).toBe(11);
    expect(revisedTraumaScore(3, 0, 0)).toBe(0);
    expect(revisedTraumaScore(5, 60, 8)).toBe(1 + 2 + 2);
    expect(sortCategory(12)).toBe('T3');
    expect(sortCategory(11)).toBe('T2');
    expect(sortCategory(10)).toBe('T1');
  });
});
