/**
 * One patient's full record, read for display: identity, injuries and conditions, vitals over
 * time, treatments by role and the movement timeline. Reads what the engine writes today and the
 * fields it is gaining (mechanism, injuries with AIS, ISS, timed vitals, triage assessments,
 * Died_DNBI) when present; nothing here depends on the newer fields.
 */
import { facilityLabel, injuryTypeLabel, isoDateTime, outcomeLabel, plural } from '../app/format.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export interface Fact {
  label: string;
  value: string;
}

export interface CodedRow {
  display: string;
  code: string;
  icd10: string;
  severity: string;
}

export interface InjuryRow {
  region: string;
  site: string;
  ais: string;
  condition: string;
  haemorrhage: string;
}

export interface VitalsTable {
  /** Measure names: heart rate, blood pressure, breathing, SpO₂, temperature, GCS, RTS, then others as seen. */
  measures: string[];
  rows: { time: string; ms: number; facility: string; values: Record<string, string> }[];
}

export interface TreatmentGroup {
  facility: string;
  arrived: string;
  items: { time: string; display: string; code: string }[];
}

export interface TimelineRow {
  time: string;
  hours: string;
  event: string;
  facility: string;
  detail: string;
}

export interface PatientRecordView {
  title: string;
  status: string;
  identity: Fact[];
  injury: Fact[];
  injuries: InjuryRow[];
  conditions: CodedRow[];
  additional: CodedRow[];
  vitals: VitalsTable;
  treatments: TreatmentGroup[];
  timeline: TimelineRow[];
  /** Allergies and medications, one line each. */
  other: Fact[];
}

const humanise = (s: string): string => s.replace(/_/g, ' ');

function coded(c: Obj): CodedRow {
  return { display: str(c.display), code: str(c.code), icd10: str(c.icd10), severity: str(c.severity) };
}

const EVENT_TEXT: Record<string, string> = {
  arrival: 'Arrived', evacuation_start: 'Ready for evacuation', transit_start: 'Transit started', kia: 'Killed in action',
  dow: 'Died of wounds', rtd: 'Returned to duty', remains_role4: 'Remains at Role 4', died_dnbi: 'Died (disease/non-battle)',
};

/** One column per measure, whatever the source calls it (LOINC display, assessment field). */
const VITALS: { name: string; test: RegExp; unit: string }[] = [
  { name: 'Heart rate', test: /heart.?rate|^pulse/i, unit: '/min' },
  { name: 'Systolic BP', test: /systolic/i, unit: 'mmHg' },
  { name: 'Diastolic BP', test: /diastolic/i, unit: 'mmHg' },
  { name: 'Respiratory rate', test: /respiratory.?rate/i, unit: '/min' },
  { name: 'SpO₂', test: /oxygen.?saturation|spo2/i, unit: '%' },
  { name: 'Temperature', test: /temperature/i, unit: '°C' },
  { name: 'GCS', test: /glasgow|^gcs$/i, unit: '' },
  { name: 'RTS', test: /^rts$|revised.?trauma/i, unit: '' },
];

function vitalOf(name: string): { name: string; unit?: string } {
  const v = VITALS.find((x) => x.test.test(name));
  return v ? { name: v.name, unit: v.unit } : { name: humanise(name) };
}

const timeOf = (o: Obj): string => str(o.time ?? o.timestamp ?? o.date);

/** UCUM units as a reader writes them. */
const UNITS: Record<string, string> = { Cel: '°C', 'mm[Hg]': 'mmHg', '{score}': '' };
const withUnit = (v: number | string, unit: unknown): string => {
  const u = typeof unit === 'string' ? (UNITS[unit] ?? unit) : '';
  return u === '' ? String(v) : `${v} ${u}`;
};

/** Vitals from every source the record has: timed observations per role, triage assessments, a `vitals` list. */
export function vitalsTable(p: Obj): VitalsTable {
  const measures: string[] = [];
  const byKey = new Map<string, VitalsTable['rows'][number]>();
  const put = (time: string, facility: string, measure: string, value: string) => {
    const ms = Date.parse(time);
    const key = `${time}|${facility}`;
    let row = byKey.get(key);
    if (!row) {
      row = { time: isoDateTime(time), ms: Number.isFinite(ms) ? ms : Infinity, facility: facility ? facilityLabel(facility) : '', values: {} };
      byKey.set(key, row);
    }
    if (!measures.includes(measure)) measures.push(measure);
    row.values[measure] = value;
  };
  for (const rec of list(p.treatment_history)) {
    for (const o of list(rec.observations)) {
      const v = num(o.value) ?? str(o.value);
      if (v === '') continue;
      const m = vitalOf(str(o.display) || str(o.code));
      put(timeOf(o) || str(rec.date), str(rec.facility), m.name, withUnit(v, o.unit ?? m.unit));
    }
  }
  for (const a of list(p.triage_assessments)) {
    for (const k of ['heart_rate', 'systolic_bp', 'respiratory_rate', 'gcs', 'rts'] as const) {
      const v = num(a[k]);
      const m = vitalOf(k);
      if (v !== undefined) put(timeOf(a), str(a.facility), m.name, withUnit(v, m.unit));
    }
  }
  for (const v of list(p.vitals)) {
    for (const [k, value] of Object.entries(v)) {
      if (['time', 'timestamp', 'date', 'facility', 'hours_since_injury'].includes(k)) continue;
      const n = num(value);
      const m = vitalOf(k);
      if (n !== undefined) put(timeOf(v), str(v.facility), m.name, withUnit(n, m.unit));
    }
  }
  const rows = [...byKey.values()].sort((a, b) => a.ms - b.ms);
  // Known measures in a fixed order (heart rate, blood pressure, breathing …), then the others.
  const rank = (m: string): number => {
    const i = VITALS.findIndex((v) => v.name === m);
    return i < 0 ? VITALS.length : i;
  };
  return { measures: [...measures].sort((a, b) => rank(a) - rank(b)), rows };
}

export function treatmentsByRole(p: Obj): TreatmentGroup[] {
  return list(p.treatment_history).map((rec) => ({
    facility: facilityLabel(str(rec.facility)),
    arrived: isoDateTime(str(rec.date)),
    items: list(rec.treatments).map((t) => ({ time: t.time ? isoDateTime(str(t.time)) : '', display: str(t.display) || str(t.code), code: str(t.code) })),
  }));
}

export function timelineRows(p: Obj): TimelineRow[] {
  return list(p.movement_timeline ?? p.timeline).map((e) => {
    const type = str(e.event_type ?? e.type);
    const h = num(e.hours_since_injury);
    const details: string[] = [];
    if (e.to_facility) details.push(`to ${facilityLabel(str(e.to_facility))}`);
    const dur = num(e.transit_duration_hours) ?? num(e.evacuation_duration_hours);
    if (dur !== undefined) details.push(`${dur} h`);
    if (e.timing === 'in_transit') details.push('in transit');
    if (e.triage_category) details.push(`triage ${str(e.triage_category)}`);
    return {
      time: isoDateTime(str(e.timestamp)),
      hours: h === undefined ? '' : `+${Math.round(h * 100) / 100} h`,
      event: EVENT_TEXT[type] ?? humanise(type),
      facility: facilityLabel(str(e.facility ?? e.from_facility)),
      detail: details.join(', '),
    };
  });
}

/** Everything the record dialog shows, from a patient object of any accepted shape. */
export function recordView(raw: unknown): PatientRecordView {
  const p = isObj(raw) && isObj(raw.patient) ? raw.patient : isObj(raw) ? raw : {};
  const d = isObj(p.demographics) ? p.demographics : {};
  const name = [str(d.given_name ?? p.given_name), str(d.family_name ?? p.family_name)].filter((s) => s !== '').join(' ');
  const rank = str(d.rank);
  const status = str(p.final_status ?? p.status);
  const fact = (label: string, value: unknown): Fact[] => (str(value) === '' ? [] : [{ label, value: str(value) }]);
  const triage = str(p.triage_category ?? p.triage);
  const finalTriage = str(p.final_triage);
  const assessments = list(p.triage_assessments);
  return {
    title: [rank, name || `Patient ${str(p.id)}`].filter((s) => s !== '').join(' '),
    status: status ? outcomeLabel(status) : '',
    identity: [
      ...fact('Patient id', p.id), ...fact('UUID', p.uuid), ...fact('Nationality', p.nationality ?? d.nationality),
      ...fact('Sex', d.gender ?? p.gender), ...fact('Age', d.age), ...fact('Born', d.birthdate), ...fact('Rank', d.rank),
      ...fact('Unit', d.unit), ...fact('Service number', d.service_number), ...fact('National id', d.id_number),
      ...fact('Blood type', d.blood_type), ...fact('Weight', num(d.weight_kg) !== undefined ? `${str(d.weight_kg)} kg` : ''),
      ...fact('Height', num(d.height_cm) !== undefined ? `${str(d.height_cm)} cm` : ''), ...fact('Front', p.front),
    ],
    injury: [
      ...fact('Injured', p.injury_timestamp ? isoDateTime(str(p.injury_timestamp ?? p.injury_time)) : ''),
      ...fact('Day', p.day_of_injury), ...fact('Injury type', p.injury_type ? injuryTypeLabel(str(p.injury_type)) : ''),
      ...fact('Mechanism', p.mechanism ? humanise(str(p.mechanism)) : ''),
      ...fact('Triage', finalTriage && finalTriage !== triage ? `${triage} at first, ${finalTriage} last (${plural(assessments.length, 'assessment')})` : triage),
      ...fact('ISS', p.iss), ...fact('NISS', p.niss), ...fact('Body part', p.body_part),
      ...fact('Mass-casualty event', p.is_mass_casualty === true ? str(p.casualty_event_id) || 'yes' : ''),
      ...fact('Warfare', p.warfare_scenario ? humanise(str(p.warfare_scenario)) : ''),
      ...fact('Environment', Array.isArray(p.environmental_conditions) ? p.environmental_conditions.map((c) => humanise(str(c))).join(', ') : ''),
      ...fact('Final status', status ? outcomeLabel(status) : ''), ...fact('Last facility', p.last_facility ? facilityLabel(str(p.last_facility)) : ''),
      ...fact('Cause of death', p.cause_of_death),
    ],
    injuries: list(p.injuries).map((i) => ({
      region: humanise(str(i.region)),
      site: isObj(i.body_site) ? str(i.body_site.display) : str(i.body_site),
      ais: str(i.ais),
      condition: isObj(i.condition) ? str(i.condition.display) : str(i.condition),
      haemorrhage: humanise(str(i.haemorrhage)),
    })),
    conditions: (list(p.primary_conditions).length > 0 ? list(p.primary_conditions) : list([p.primary_condition])).map(coded),
    additional: list(p.additional_conditions).map(coded),
    vitals: vitalsTable(p),
    treatments: treatmentsByRole(p),
    timeline: timelineRows(p),
    other: [
      ...fact('Allergies', list(p.allergies).map((a) => str(a.display)).join(', ')),
      ...fact('Medications', list(p.medications).map((a) => str(a.display)).join(', ')),
    ],
  };
}
