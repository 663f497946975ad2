/**
 * The engine's shared vocabulary: the normalised scenario every module reads, the schedule's
 * arrival slots, and the patient record (domain spec §6). Field names of the patient keep the
 * v1 names because existing consumers read them.
 */

export const WARFARE_TYPES = ['conventional', 'artillery', 'urban', 'guerrilla', 'drone', 'naval', 'cbrn', 'peacekeeping'] as const;
export type WarfareType = (typeof WARFARE_TYPES)[number];

export const INTENSITIES = ['low', 'medium', 'high', 'extreme'] as const;
export type Intensity = (typeof INTENSITIES)[number];

export const TEMPOS = ['sustained', 'escalating', 'surge', 'declining', 'intermittent'] as const;
export type Tempo = (typeof TEMPOS)[number];

export const SPECIAL_EVENTS = ['major_offensive', 'ambush', 'mass_casualty'] as const;
export type SpecialEvent = (typeof SPECIAL_EVENTS)[number];

export const ENVIRONMENTAL_CONDITIONS = [
  'rain', 'fog', 'storm', 'extreme_heat', 'extreme_cold', 'dust_storm', 'night_operations', 'mountainous_terrain', 'urban_debris',
] as const;
export type EnvironmentalCondition = (typeof ENVIRONMENTAL_CONDITIONS)[number];

export const INJURY_TYPES = ['BATTLE_TRAUMA', 'NON_BATTLE', 'DISEASE'] as const;
export type InjuryType = (typeof INJURY_TYPES)[number];

export const TRIAGE_CATEGORIES = ['T1', 'T2', 'T3', 'T4'] as const;
export type Triage = (typeof TRIAGE_CATEGORIES)[number];
/** Triage categories that have their own timing rows; T4 is timed as T1. */
export type TimedTriage = 'T1' | 'T2' | 'T3';

export const FACILITIES = ['POI', 'R1', 'R2', 'R3', 'R4'] as const;
export type Facility = (typeof FACILITIES)[number];

export const TRANSITS = ['POI-R1', 'R1-R2', 'R2-R3', 'R3-R4'] as const;
export type Transit = (typeof TRANSITS)[number];

/**
 * KIA and DOW are battle-casualty terms (KIA before reaching Role 1, DOW after it); a disease or
 * non-battle death is `Died_DNBI`, never KIA/DOW.
 */
export const FINAL_STATUSES = ['KIA', 'DOW', 'RTD', 'Remains_Role4', 'Died_DNBI'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** AIS body regions (the six ISS regions). */
export const AIS_REGIONS = ['head_neck', 'face', 'chest', 'abdomen', 'extremities', 'external'] as const;
export type AisRegion = (typeof AIS_REGIONS)[number];

/** Injury mechanisms: battle (explosive … crush) and non-battle (vehicle … environmental). */
export const MECHANISMS = [
  'explosive', 'gunshot', 'drone', 'burn', 'crush', 'vehicle', 'fall', 'training', 'heat', 'cold',
] as const;
export type Mechanism = (typeof MECHANISMS)[number];

/** How an injury bleeds: what stops it decides who lives (a tourniquet cannot stop a truncal bleed). */
export const HAEMORRHAGE_TYPES = ['none', 'minor', 'compressible', 'junctional', 'non_compressible'] as const;
export type HaemorrhageType = (typeof HAEMORRHAGE_TYPES)[number];

export const NATO_NATIONS = [
  'ALB', 'BEL', 'BGR', 'CAN', 'HRV', 'CZE', 'DNK', 'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'HUN', 'ISL', 'ITA', 'LVA',
  'LTU', 'LUX', 'MNE', 'NLD', 'MKD', 'NOR', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'ESP', 'SWE', 'TUR', 'GBR', 'USA',
] as const;
export type NationCode = (typeof NATO_NATIONS)[number];

export interface HourRange {
  min_hours: number;
  max_hours: number;
}

export interface FrontConfig {
  id: string;
  name: string;
  /** Relative weight; normalised by the schedule. */
  casualty_rate: number;
  nationality_distribution: { nationality_code: NationCode; percentage: number }[];
  /** Pickup site for the 9-line's line 1 (exercise pack only; no effect on patients). */
  location?: FrontLocation;
  /** Radio call sign for the 9-line's line 2 (exercise pack only). */
  call_sign?: string;
}

/** An MGRS grid (normalised `33U VP 04500 12345`) or a latitude/longitude in degrees. */
export type FrontLocation = { mgrs: string } | { latitude: number; longitude: number };

export interface FacilityRates {
  kia_rate: number;
  rtd_rate: number;
}

/** A scenario after validation: every default filled, every alias resolved. */
export interface Scenario {
  name: string;
  description: string;
  total_patients: number;
  /** Absent in the input means "draw one"; the run resolves it before generating. */
  seed?: number | string;
  days_of_fighting: number;
  /** `YYYY-MM-DD`; day 1 starts at 00:00Z. */
  base_date: string;
  warfare_types: Record<WarfareType, boolean>;
  intensity: Intensity;
  tempo: Tempo;
  special_events: Record<SpecialEvent, boolean>;
  environmental_conditions: Record<EnvironmentalCondition, boolean>;
  /** Fractions summing to 1. */
  injury_mix: Record<InjuryType, number>;
  front_configs: FrontConfig[];
  /** Base (death, RTD) rates per role, overrides applied. */
  facility_rates: Record<Facility, FacilityRates>;
  evacuation_times: Record<Facility, Record<TimedTriage, HourRange>>;
  transit_times: Record<Transit, Record<TimedTriage, HourRange>>;
  exact_quotas: boolean;
  /** Share of female patients, default 0.12. */
  female_ratio: number;
  /** IANA time zone of the exercise clock (MSEL times); absent: UTC. No effect on patients. */
  timezone?: string;
  metadata?: Record<string, unknown>;
}

/**
 * One casualty's place in the schedule: when and how it was injured. Produced by the
 * schedule for patient index i; everything else about the patient comes from its own stream.
 */
export interface Arrival {
  index: number;
  /** Day of fighting, 1-based. */
  day: number;
  /** Injury time in whole seconds since the Unix epoch (UTC). */
  injuryEpochSeconds: number;
  /** Warfare type, or 'mixed' for special-event casualties (background DNBI: the dominant enabled type). */
  warfare: WarfareType | 'mixed';
  /** The warfare type whose injury modifiers and triage table apply (a special event uses the day's dominant enabled type). */
  modifierType: WarfareType;
  eventId: string;
  isMassCasualty: boolean;
  specialEvent?: SpecialEvent;
  /**
   * Injury type, decided by the schedule (index into INJURY_TYPES: 0 BATTLE_TRAUMA, 1 NON_BATTLE,
   * 2 DISEASE): battle casualties come from the combat events, the others from the background stream.
   */
  injury: 0 | 1 | 2;
  /** This patient's index among the patients of its injury type, in time order (0 … count − 1; exact quotas use it). */
  injuryLocal: number;
  /** Extra minutes before the POI clock starts (low visibility); 0 for clusters. */
  discoveryDelayMinutes: number;
  /** Index into scenario.front_configs. */
  frontIndex: number;
  /**
   * With exact quotas: this patient's index among the patients of its front, and that front's
   * patient count, so nationalities can be allocated exactly inside the front.
   */
  frontQuota?: { local: number; count: number };
}

export interface Coded {
  code: string;
  display: string;
}

/** A condition: SNOMED CT code and display, its WHO ICD-10 code, and a severity qualifier. */
export interface Condition extends Coded {
  icd10: string;
  icd10_display: string;
  severity: string;
  severity_code: string;
}

export interface Observation extends Coded {
  value: number;
  unit: string;
  /** When it was measured (ISO 8601 UTC). */
  time: string;
}

/** A procedure done or a medication given (SNOMED CT), with its time. */
export interface TimedCoded extends Coded {
  time: string;
  kind: 'procedure' | 'medication';
}

export interface TreatmentRecord {
  facility: Facility;
  /** Arrival at the facility. */
  date: string;
  treatments: TimedCoded[];
  observations: Observation[];
}

/** One injury: AIS region and severity, the condition it is, where and how it bleeds. */
export interface Injury {
  region: AisRegion;
  body_site: Coded;
  ais: number;
  /** SNOMED CT. */
  condition: Coded;
  /** WHO ICD-10. */
  icd10: Coded;
  haemorrhage: HaemorrhageType;
}

/**
 * One triage assessment and the inputs it was made from, so that anyone can recompute the
 * category (engine `recomputeTriage`). The sieve (POI, Role 1) reads catastrophic haemorrhage,
 * walking, breathing, response to voice, respiratory rate and heart rate; the sort (Role 2 on) the revised trauma
 * score of GCS, systolic pressure and respiratory rate. `expectant` is the mass-casualty decision
 * that overrides either.
 */
export interface TriageAssessment {
  facility: Facility;
  time: string;
  hours_since_injury: number;
  algorithm: 'sieve' | 'sort';
  catastrophic_haemorrhage: boolean;
  ambulatory: boolean;
  breathing: boolean;
  /** Responds to voice (AVPU A or V, taken as GCS ≥ 9). */
  responds_to_voice: boolean;
  respiratory_rate: number;
  heart_rate: number;
  systolic_bp: number;
  gcs: number;
  /** Revised trauma score (coded GCS + SBP + RR, 0–12); with the sort only, else null. */
  rts: number | null;
  expectant: boolean;
  category: Triage;
}

export interface TimelineEvent {
  event_type: 'arrival' | 'evacuation_start' | 'transit_start' | 'kia' | 'dow' | 'died_dnbi' | 'rtd' | 'remains_role4';
  facility: Facility;
  timestamp: string;
  hours_since_injury: number;
  evacuation_duration_hours?: number;
  triage_category?: Triage;
  from_facility?: Facility;
  to_facility?: Facility;
  transit_duration_hours?: number;
  timing?: 'at_facility' | 'in_transit';
}

export interface Demographics {
  given_name: string;
  family_name: string;
  gender: 'male' | 'female';
  birthdate: string;
  age: number;
  nationality: NationCode;
  id_number: string;
  service_number: string;
  rank: string;
  unit: string;
  blood_type: string;
  religion: string;
  weight_kg: number;
  height_cm: number;
}

export interface Patient {
  id: number;
  uuid: string;
  demographics: Demographics;
  nationality: NationCode;
  gender: 'male' | 'female';
  front: string;
  injury_type: InjuryType;
  triage_category: Triage;
  primary_condition: Condition;
  primary_conditions: Condition[];
  additional_conditions: Condition[];
  body_part: string;
  /** Null for disease. */
  mechanism: Mechanism | null;
  /** Injuries, most severe first; empty for disease. */
  injuries: Injury[];
  /** Injury Severity Score and New ISS; 0 for disease. */
  iss: number;
  niss: number;
  /** Every triage, in time order; `triage_category` is the first one's category. */
  triage_assessments: TriageAssessment[];
  final_triage: Triage;
  /** Why the casualty died, or null. */
  cause_of_death: string | null;
  allergies: Coded[];
  medications: Coded[];
  treatment_history: TreatmentRecord[];
  movement_timeline: TimelineEvent[];
  injury_timestamp: string;
  day_of_injury: string;
  final_status: FinalStatus;
  last_facility: Facility;
  current_status: string;
  timeline_summary: {
    total_events: number;
    total_duration_hours: number;
    facilities_visited: Facility[];
    final_status: FinalStatus;
    last_facility: Facility;
  };
  warfare_scenario: WarfareType | 'mixed';
  casualty_event_id: string;
  is_mass_casualty: boolean;
  environmental_conditions: EnvironmentalCondition[];
}
