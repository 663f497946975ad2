/**
 * Triage by named algorithms, from recorded inputs only (docs/clinical-model.md, "Triage"):
 *  - the triage sieve at the point of injury and Role 1: the UK/NHS Major Incident Triage Tool
 *    (MITT, Vassallo et al., Emerg Med J 2022), built from the military MPTT-24: catastrophic
 *    haemorrhage → T1; walking → T3; not breathing with the airway open → dead (recorded as T4,
 *    the black tag); not walking and
 *    (does not respond to voice, respiratory rate < 12 or > 23, or heart rate ≥ 100) → T1;
 *    otherwise T2;
 *  - the triage sort from Role 2 on: the revised trauma score, GCS, systolic pressure and
 *    respiratory rate each coded 0–4 (Champion et al., J Trauma 1989); 12 → T3, 11 → T2, ≤ 10 → T1.
 * An expectant decision (mass-casualty load, unsurvivable state) overrides both with T4.
 */
import type { Triage, TriageAssessment } from '../types.js';

/** What the sieve reads: the recorded inputs of an assessment. */
export type SieveInputs = Pick<TriageAssessment,
  'catastrophic_haemorrhage' | 'ambulatory' | 'breathing' | 'responds_to_voice' | 'respiratory_rate' | 'heart_rate'>;

export function sieve(i: SieveInputs): Triage {
  if (i.catastrophic_haemorrhage) return 'T1';
  if (i.ambulatory) return 'T3';
  // Not breathing with the airway open: dead. The record keeps it as T4, the black tag.
  if (!i.breathing) return 'T4';
  if (!i.responds_to_voice || i.respiratory_rate < 12 || i.respiratory_rate > 23 || i.heart_rate >= 100) return 'T1';
  return 'T2';
}

export function codedGcs(gcs: number): number {
  return gcs >= 13 ? 4 : gcs >= 9 ? 3 : gcs >= 6 ? 2 : gcs >= 4 ? 1 : 0;
}

export function codedSbp(sbp: number): number {
  return sbp > 89 ? 4 : sbp >= 76 ? 3 : sbp >= 50 ? 2 : sbp >= 1 ? 1 : 0;
}

export function codedRr(rr: number): number {
  return rr >= 10 && rr <= 29 ? 4 : rr > 29 ? 3 : rr >= 6 ? 2 : rr >= 1 ? 1 : 0;
}

/** The triage sort's score: coded GCS + coded SBP + coded RR, 0–12. */
export function revisedTraumaScore(gcs: number, sbp: number, rr: number): number {
  return codedGcs(gcs) + codedSbp(sbp) + codedRr(rr);
}

export function sortCategory(rts: number): Triage {
  return rts >= 12 ? 'T3' : rts === 11 ? 'T2' : 'T1';
}

/** The category an assessment's own inputs give: what a reader of the record can check. */
export function recomputeTriage(a: Pick<TriageAssessment, keyof SieveInputs | 'algorithm' | 'gcs' | 'systolic_bp' | 'expectant'>): Triage {
  if (a.expectant) return 'T4';
  if (a.algorithm === 'sieve') return sieve(a);
  return sortCategory(revisedTraumaScore(a.gcs, a.systolic_bp, a.respiratory_rate));
}
