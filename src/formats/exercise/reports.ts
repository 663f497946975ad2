import type { Facility, FrontLocation, Mechanism, Observation, Patient, TimedCoded, Triage, TriageAssessment } from '../../engine/index.js';

/**
 * The reports players produce for a casualty, derived from its record (docs/exercise-pack.md):
 * an ATMIST handover per evacuation leg, a 9-line MEDEVAC request for the evacuation from the
 * point of injury, and the TCCC casualty card (DD 1380) fields.
 */

/** LOINC codes of the vital signs the engine records. */
const LOINC = {
  heart_rate: '8867-4',
  systolic_bp: '8480-6',
  respiratory_rate: '9279-1',
  temperature: '8310-5',
  spo2: '59408-5',
  gcs: '9269-2',
} as const;
type VitalKey = keyof typeof LOINC;
const KEY_OF = new Map<string, VitalKey>(Object.entries(LOINC).map(([k, v]) => [v, k as VitalKey]));

export type Avpu = 'A' | 'V' | 'P' | 'U';

/** One set of vital signs: the observations of one time at one facility. */
export interface VitalSet extends Partial<Record<VitalKey, number>> {
  time: string;
  facility: Facility;
  /** From the GCS: 14–15 A, 9–13 V, 4–8 P, 3 U. */
  avpu: Avpu | null;
}

/** AVPU from the GCS (A ≥ 14, V 9–13 — the engine's "responds to voice" is GCS ≥ 9 —, P 4–8, U 3). */
export function avpuFromGcs(gcs: number): Avpu {
  return gcs >= 14 ? 'A' : gcs >= 9 ? 'V' : gcs >= 4 ? 'P' : 'U';
}

/** Every vital-sign set of the record, in time order (observations of one time and facility together). */
export function vitalSets(p: Patient): VitalSet[] {
  const sets: VitalSet[] = [];
  for (const visit of p.treatment_history) {
    let current: VitalSet | undefined;
    for (const o of visit.observations as Observation[]) {
      if (!current || current.time !== o.time) {
        current = { time: o.time, facility: visit.facility, avpu: null };
        sets.push(current);
      }
      const key = KEY_OF.get(o.code);
      if (key) current[key] = o.value;
      if (key === 'gcs') current.avpu = avpuFromGcs(o.value);
    }
  }
  return sets;
}

export interface GivenTreatment {
  time: string;
  facility: Facility;
  kind: TimedCoded['kind'];
  code: string;
  display: string;
}

function treatmentsUntil(p: Patient, time: string, facilities?: readonly Facility[]): GivenTreatment[] {
  const out: GivenTreatment[] = [];
  for (const visit of p.treatment_history) {
    if (facilities && !facilities.includes(visit.facility)) continue;
    for (const t of visit.treatments) if (t.time <= time) out.push({ time: t.time, facility: visit.facility, kind: t.kind, code: t.code, display: t.display });
  }
  return out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

function injuryList(p: Patient): string[] {
  if (p.injuries.length === 0) return p.primary_conditions.map((c) => c.display);
  return p.injuries.map((i) => `${i.condition.display}, ${i.body_site.display} (AIS ${i.ais})`);
}

const MECHANISM_TEXT: Record<Mechanism, string> = {
  explosive: 'Explosion (blast and fragments)', gunshot: 'Gunshot', drone: 'Drone strike (explosive)', burn: 'Burn', crush: 'Crush',
  vehicle: 'Vehicle accident', fall: 'Fall', training: 'Training injury', heat: 'Heat', cold: 'Cold',
};

/** The mechanism in words; `Illness: <condition>` for disease. */
export const mechanismText = (p: Patient): string => (p.mechanism ? MECHANISM_TEXT[p.mechanism] : `Illness: ${p.primary_condition.display}`);

export interface Atmist {
  age: number;
  time_of_injury: string;
  mechanism: string;
  injuries: string[];
  /** The last vital signs taken at the departure facility before departure. */
  signs: VitalSet | null;
  /** Everything given so far, at every facility, in time order. */
  treatment: GivenTreatment[];
}

export interface Handover {
  from: Facility;
  to: Facility;
  /** Departure: the transit's start. */
  time: string;
  atmist: Atmist;
}

/** One ATMIST handover per evacuation leg (each `transit_start` of the timeline). */
export function handovers(p: Patient): Handover[] {
  const sets = vitalSets(p);
  const out: Handover[] = [];
  for (const e of p.movement_timeline) {
    if (e.event_type !== 'transit_start' || !e.from_facility || !e.to_facility) continue;
    let signs: VitalSet | null = null;
    for (const s of sets) if (s.facility === e.from_facility && s.time <= e.timestamp) signs = s;
    out.push({
      from: e.from_facility,
      to: e.to_facility,
      time: e.timestamp,
      atmist: {
        age: p.demographics.age,
        time_of_injury: p.injury_timestamp,
        mechanism: mechanismText(p),
        injuries: injuryList(p),
        signs,
        treatment: treatmentsUntil(p, e.timestamp),
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 9-line MEDEVAC request

export interface Line {
  code: string | null;
  text: string;
}

export interface NineLine {
  /** When it is sent: the decision to evacuate from the point of injury (its `evacuation_start`). */
  time: string;
  /** The triage it rests on: the point-of-injury assessment. */
  triage: { facility: Facility; time: string; category: Triage };
  line1_location: Line;
  line2_frequency_call_sign: Line;
  line3_precedence: Line;
  line4_special_equipment: Line;
  line5_patients_by_type: Line;
  line6_security: Line;
  line7_marking: Line;
  line8_nationality_status: Line;
  line9_cbrn: Line;
}

/**
 * Line 3 by triage (ATP-3.7.2 precedences): T1 A Urgent, T2 C Priority, T3 D Routine. T4
 * (expectant) is D Routine: the expectant are evacuated when resources allow, and the engine
 * times their wait as T3's.
 */
export const PRECEDENCE: Record<Triage, Line> = {
  T1: { code: 'A', text: 'Urgent' },
  T2: { code: 'C', text: 'Priority' },
  T3: { code: 'D', text: 'Routine' },
  T4: { code: 'D', text: 'Routine' },
};

/** An airway that needs a ventilator in flight: an endotracheal tube or a surgical airway. */
const VENTILATED = new Set(['112798008', '426153007']);

/** A front's 9-line settings (scenario `front_configs[].location`, `call_sign`), by front name. */
export interface FrontRadio {
  front: string;
  /** Line 1 as printed: the MGRS grid, or latitude and longitude. */
  location?: string;
  call_sign?: string;
}

export interface ReportSettings {
  /** The scenario has CBRN warfare enabled: every casualty may be contaminated. */
  cbrn: boolean;
  /** Fronts with a pickup location or call sign; the first of a name wins. */
  fronts?: readonly FrontRadio[];
}

/** The location as the 9-line's line 1 prints it: the MGRS grid, or `59.43700° N 24.75360° E`. */
export function locationText(loc: FrontLocation): string {
  if ('mgrs' in loc) return `MGRS ${loc.mgrs}`;
  const deg = (v: number, pos: string, neg: string): string => `${Math.abs(v).toFixed(5)}° ${v < 0 ? neg : pos}`;
  return `${deg(loc.latitude, 'N', 'S')} ${deg(loc.longitude, 'E', 'W')}`;
}

const radioOf = (p: Patient, settings: ReportSettings): FrontRadio | undefined => settings.fronts?.find((f) => f.front === p.front);

/** The 9-line for the evacuation from the point of injury, or null when there is none. */
export function nineLine(p: Patient, settings: ReportSettings): NineLine | null {
  const transit = p.movement_timeline.find((e) => e.event_type === 'transit_start' && e.from_facility === 'POI');
  if (!transit) return null;
  const request = p.movement_timeline.find((e) => e.event_type === 'evacuation_start' && e.facility === 'POI');
  const time = request?.timestamp ?? transit.timestamp;
  let triage: TriageAssessment | undefined;
  for (const a of p.triage_assessments) if (a.facility === 'POI' && a.time <= time) triage = a;
  triage ??= p.triage_assessments[0];
  const category = triage?.category ?? p.triage_category;
  const ventilated = treatmentsUntil(p, transit.timestamp, ['POI']).some((t) => VENTILATED.has(t.code));
  const contaminated = settings.cbrn || p.warfare_scenario === 'cbrn';
  const radio = radioOf(p, settings);
  return {
    time,
    triage: { facility: triage?.facility ?? 'POI', time: triage?.time ?? time, category },
    line1_location: { code: null, text: radio?.location ?? '[pickup site grid]' },
    // The scenario names no frequency: it stays for the players to fill in.
    line2_frequency_call_sign: { code: null, text: radio?.call_sign ? `[frequency], ${radio.call_sign}` : '[frequency, call sign and suffix]' },
    line3_precedence: { code: PRECEDENCE[category].code, text: `1 × ${PRECEDENCE[category].text}` },
    line4_special_equipment: ventilated ? { code: 'D', text: 'Ventilator' } : { code: 'A', text: 'None' },
    line5_patients_by_type: triage?.ambulatory ? { code: 'A', text: '1 × Ambulatory' } : { code: 'L', text: '1 × Litter' },
    line6_security: { code: 'N', text: 'No enemy troops in area' },
    line7_marking: { code: 'C', text: 'Smoke signal' },
    line8_nationality_status: { code: 'A', text: `NATO military (${p.nationality})` },
    line9_cbrn: contaminated ? { code: 'C', text: 'Chemical (CBRN scenario)' } : { code: null, text: 'None' },
  };
}

// ---------------------------------------------------------------------------------------------
// TCCC casualty card (DD Form 1380)

/** DD 1380's mechanism boxes. */
const DD1380_MECHANISM: Record<Mechanism, string> = {
  explosive: 'Other: explosion', gunshot: 'GSW', drone: 'Other: drone strike', burn: 'Burn', crush: 'Blunt',
  vehicle: 'MVC', fall: 'Fall', training: 'Other: training injury', heat: 'Other: heat', cold: 'Other: cold',
};

/** MARCH group of a procedure on the card (DD 1380's treatment rows). */
const CARD_GROUP: Record<string, string> = {
  '20655006': 'C: tourniquet', '51241000': 'C: hemostatic dressing', '26906007': 'C: pressure dressing',
  '182692007': 'A: NPA', '426153007': 'A: surgical airway (CRIC)', '112798008': 'A: ET tube',
  '3895009': 'B: chest seal / dressing', '1290622004': 'B: needle decompression', '57485005': 'B: O2',
  '281800008': 'C: fluid', '116859006': 'C: blood product', '386308007': 'Other: hypothermia prevention / first aid',
  '79321009': 'Other: splint',
};

const TOURNIQUET = '20655006';

export interface TcccCard {
  name: string;
  service_number: string;
  nationality: string;
  gender: string;
  unit: string;
  date: string;
  time: string;
  allergies: string[];
  evacuation_category: string;
  mechanism: string[];
  injuries: { region: string; body_site: string; description: string; ais: number }[];
  tourniquets: { time: string; site: string }[];
  /** Timed vital signs before Role 2 (the card travels with the casualty to the first surgical role). */
  vitals: VitalSet[];
  treatments: { time: string; facility: Facility; group: string; display: string }[];
  medications: { time: string; facility: Facility; display: string }[];
}

const CARD_FACILITIES: readonly Facility[] = ['POI', 'R1'];

export function tcccCard(p: Patient): TcccCard {
  const given = treatmentsUntil(p, '9999', CARD_FACILITIES);
  const limbs = p.injuries.filter((i) => i.haemorrhage === 'compressible').map((i) => i.body_site.display);
  let tq = 0;
  const firstTriage = p.triage_assessments[0]?.category ?? p.triage_category;
  return {
    name: `${p.demographics.family_name}, ${p.demographics.given_name}`,
    service_number: p.demographics.service_number,
    nationality: p.nationality,
    gender: p.gender,
    unit: p.demographics.unit,
    date: p.injury_timestamp.slice(0, 10),
    time: p.injury_timestamp.slice(11, 16).replace(':', '') + 'Z',
    allergies: p.allergies.length > 0 ? p.allergies.map((a) => a.display) : ['NKA'],
    evacuation_category: PRECEDENCE[firstTriage].text,
    mechanism: p.mechanism ? [DD1380_MECHANISM[p.mechanism]] : ['Other: illness'],
    injuries: p.injuries.map((i) => ({ region: i.region, body_site: i.body_site.display, description: i.condition.display, ais: i.ais })),
    tourniquets: given.filter((t) => t.code === TOURNIQUET).map((t) => ({ time: t.time, site: limbs[tq++] ?? limbs[0] ?? 'limb' })),
    vitals: vitalSets(p).filter((s) => CARD_FACILITIES.includes(s.facility)),
    treatments: given.filter((t) => t.kind === 'procedure').map((t) => ({ time: t.time, facility: t.facility, group: CARD_GROUP[t.code] ?? 'Other', display: t.display })),
    medications: given.filter((t) => t.kind === 'medication').map((t) => ({ time: t.time, facility: t.facility, display: t.display })),
  };
}

/** The handover file's line for one casualty. */
export interface CasualtyReports {
  patient_id: number;
  uuid: string;
  casualty_event_id: string;
  tccc_card: TcccCard;
  medevac_request: NineLine | null;
  handovers: Handover[];
}

export function casualtyReports(p: Patient, settings: ReportSettings): CasualtyReports {
  return {
    patient_id: p.id,
    uuid: p.uuid,
    casualty_event_id: p.casualty_event_id,
    tccc_card: tcccCard(p),
    medevac_request: nineLine(p, settings),
    handovers: handovers(p),
  };
}
