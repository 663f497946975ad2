/**
 * `JSON.stringify(patient)` written straight into a byte buffer as UTF-8: the same bytes as
 * `Buffer.from(JSON.stringify(p))`, at a fraction of the cost. JSON.stringify of a patient is a
 * two-byte string (every unit holds "—"), which V8 builds and UTF-8-encodes on its slow paths,
 * and most of a patient is shared constants (keys, codes, displays, units) serialised again for
 * every patient. Here constant text is encoded once, values are written with small loops, and
 * anything unusual (escapes, non-ASCII, non-integral numbers other than hundredths) takes
 * JSON.stringify's own answer.
 *
 * The key order follows the object literals of the engine (patient/index.ts, demographics.ts,
 * course.ts for treatments, vitals, triage assessments and timeline events, record.ts and
 * injury-codes.ts for injuries and conditions); patient-json.test.ts checks every preset
 * against JSON.stringify.
 *
 * One file of ~550 lines on purpose: it mirrors the patient record top to bottom, each writer
 * beside its neighbours in key order, sharing the encoded constants; split across modules the
 * key order, which must match the engine's literals exactly, could no longer be read in one pass.
 */
import type { Observation, Patient, TimedCoded, TimelineEvent, TreatmentRecord, TriageAssessment } from '../engine/index.js';
import type { ByteTarget } from './format.js';


/** Room made before each patient; a larger patient is written again through the slow path. */
const RESERVE = 32 * 1024;

/**
 * Constant text, encoded once, with its bytes also read as little-endian 32-bit words (the last
 * word overlapping the one before when the length is not a multiple of four): most of a patient
 * is such text, and four bytes per DataView store cost a fraction of a byte loop or of
 * TypedArray#set, whose builtin call outweighed the copy for the 20–100-byte keys and codes here.
 */
interface Constant {
  readonly bytes: Uint8Array;
  readonly words: Uint32Array;
}

function constant(text: string): Constant {
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  const words = new Uint32Array(n < 4 ? 0 : Math.ceil(n / 4));
  for (let i = 0; i + 4 <= n; i += 4) words[i / 4] = view.getUint32(i, true);
  if (n >= 4 && n % 4 !== 0) words[words.length - 1] = view.getUint32(n - 4, true);
  return { bytes, words };
}

// The buffer being written, a DataView of it, and the position: module state keeps the hot
// loops monomorphic.
let B: Uint8Array = new Uint8Array(0);
let V = new DataView(B.buffer);
let pos = 0;

// Hot loops work on locals: module variables are reloaded (and checked) on every access.
/** Writes a constant; past the end of the buffer the DataView throws a RangeError (see writePatientJson). */
function raw(c: Constant): void {
  const p = pos;
  const bytes = c.bytes;
  const n = bytes.length;
  pos = p + n;
  if (n < 4) {
    const b = B;
    for (let i = 0; i < n; i++) b[p + i] = bytes[i] as number;
    return;
  }
  const v = V;
  const words = c.words;
  const last = words.length - 1;
  for (let i = 0; i < last; i++) v.setUint32(p + 4 * i, words[i] as number, true);
  v.setUint32(p + n - 4, words[last] as number, true);
}

/** JSON literals of strings that need escaping or are not ASCII, memoised (names, units). */
const SLOW_LITERALS = new Map<string, Constant>();

function slowLiteral(s: string): Constant {
  let v = SLOW_LITERALS.get(s);
  if (v === undefined) {
    v = constant(JSON.stringify(s));
    if (SLOW_LITERALS.size < 100_000) SLOW_LITERALS.set(s, v);
  }
  return v;
}

/**
 * Called as `charCodeAt.call(s, i)`: the strings written here come in about seven internal
 * representations (constants, concatenations, ASCII names stored two bytes wide…), which made
 * `s.charCodeAt` a megamorphic property lookup on every character, 12–14 % of all CPU time.
 * Called through the one known function, it compiles to a plain character load (+19 % patients/s).
 */
const charCodeAt = String.prototype.charCodeAt;

function str(s: string): void {
  const b = B;
  const p = pos + 1;
  // String(s) is s itself, but typed as a string, so its length compiles to a plain field load;
  // `s.length` was a megamorphic property lookup (≈ 3 % of CPU), for the reason given above.
  const n = String(s).length;
  b[p - 1] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(s, i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      raw(slowLiteral(s));
      return;
    }
    b[p + i] = c;
  }
  b[p + n] = 0x22;
  pos = p + n + 1;
}

/**
 * The last timestamp written, and where its quoted literal starts in the buffer (-1: none in this
 * patient). A patient's vital signs come in sets of six that share one time, its triage and its
 * facility records repeat the arrival times, so most timestamps are a copy of the one before.
 */
let lastTime = '';
let lastTimeAt = -1;

/** A timestamp: str, or a copy of the same 22 bytes written just before. */
function time(s: string): void {
  const from = lastTimeAt;
  if (from >= 0 && s === lastTime) {
    const v = V;
    const p = pos;
    v.setUint32(p, v.getUint32(from, true), true);
    v.setUint32(p + 4, v.getUint32(from + 4, true), true);
    v.setUint32(p + 8, v.getUint32(from + 8, true), true);
    v.setUint32(p + 12, v.getUint32(from + 12, true), true);
    v.setUint32(p + 16, v.getUint32(from + 16, true), true);
    v.setUint32(p + 18, v.getUint32(from + 18, true), true);
    pos = p + 22;
    return;
  }
  const at = pos;
  str(s);
  if (pos - at === 22) {
    lastTime = s;
    lastTimeAt = at;
  }
}

/** Decimal digits of a non-negative integer below 2^53. */
function uint(n: number): void {
  const b = B;
  const start = pos;
  if (n < 10) {
    b[start] = 0x30 + n;
    pos = start + 1;
    return;
  }
  let len = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
  let t = n;
  for (let p = start + len - 1; p >= start; p--) {
    const q = Math.floor(t / 10);
    b[p] = 0x30 + (t - q * 10);
    t = q;
  }
  pos = start + len;
}

function ascii(s: string): void {
  const b = B;
  const p = pos;
  const n = s.length;
  for (let i = 0; i < n; i++) b[p + i] = charCodeAt.call(s, i);
  pos = p + n;
}

/**
 * A number as JSON.stringify writes it. Integers, and doubles that are exactly the nearest
 * double to a whole number of hundredths (hours, kilograms, degrees), are formatted here: the
 * shortest decimal that reads back as such a double is that number of hundredths, so it is
 * what Number#toString gives. Everything else asks Number#toString.
 */
function num(x: number): void {
  if ((x | 0) === x) {
    if (x < 0) {
      B[pos++] = 0x2d;
      uint(-x);
    } else uint(x);
    return;
  }
  const k = Math.round(x * 100);
  if (k / 100 === x && k < 1e13 && k > -1e13) {
    let h = k;
    if (h < 0) {
      B[pos++] = 0x2d;
      h = -h;
    }
    const whole = Math.floor(h / 100);
    const frac = h - whole * 100;
    uint(whole);
    if (frac !== 0) {
      B[pos++] = 0x2e;
      const tens = Math.floor(frac / 10);
      B[pos++] = 0x30 + tens;
      if (frac !== tens * 10) B[pos++] = 0x30 + (frac - tens * 10);
    }
    return;
  }
  ascii(Number.isFinite(x) ? String(x) : 'null');
}

/**
 * JSON of deeply frozen objects (the engine's Coded, Condition and Injury constants), by
 * identity: frozen all the way down means the cached bytes can never go stale.
 */
const FROZEN = new Map<object, Constant>();

function deeplyFrozen(o: object): boolean {
  return Object.isFrozen(o) && Object.values(o).every((x) => x === null || typeof x !== 'object' || deeplyFrozen(x as object));
}

function frozen(o: object): void {
  let v = FROZEN.get(o);
  if (v === undefined) {
    v = constant(JSON.stringify(o));
    if (FROZEN.size < 10_000 && deeplyFrozen(o)) FROZEN.set(o, v);
  }
  raw(v);
}

function frozenList(list: readonly object[]): void {
  B[pos++] = 0x5b;
  for (let i = 0; i < list.length; i++) {
    if (i > 0) B[pos++] = 0x2c;
    frozen(list[i] as object);
  }
  B[pos++] = 0x5d;
}

const NULL = constant('null');

/** A string, or `null`. */
function strOrNull(s: string | null): void {
  if (s === null) raw(NULL);
  else str(s);
}

function strList(list: readonly string[]): void {
  B[pos++] = 0x5b;
  for (let i = 0; i < list.length; i++) {
    if (i > 0) B[pos++] = 0x2c;
    str(list[i] as string);
  }
  B[pos++] = 0x5d;
}

const K = {
  id: constant('{"id":'), uuid: constant(',"uuid":'), givenName: constant(',"demographics":{"given_name":'), familyName: constant(',"family_name":'),
  gender: constant(',"gender":'), birthdate: constant(',"birthdate":'), age: constant(',"age":'), nationality: constant(',"nationality":'),
  idNumber: constant(',"id_number":'), serviceNumber: constant(',"service_number":'), rank: constant(',"rank":'), unit: constant(',"unit":'),
  bloodType: constant(',"blood_type":'), religion: constant(',"religion":'), weight: constant(',"weight_kg":'), height: constant(',"height_cm":'),
  demographicsEnd: constant('},"nationality":'), front: constant(',"front":'), injuryType: constant(',"injury_type":'),
  triage: constant(',"triage_category":'), primary: constant(',"primary_condition":'), primaries: constant(',"primary_conditions":'),
  additional: constant(',"additional_conditions":'), bodyPart: constant(',"body_part":'),
  mechanism: constant(',"mechanism":'), injuries: constant(',"injuries":'), iss: constant(',"iss":'), niss: constant(',"niss":'),
  assessments: constant(',"triage_assessments":['), finalTriage: constant('],"final_triage":'), causeOfDeath: constant(',"cause_of_death":'),
  allergies: constant(',"allergies":'),
  medications: constant(',"medications":'), history: constant(',"treatment_history":['), timeline: constant('],"movement_timeline":['),
  injuryTimestamp: constant('],"injury_timestamp":'), day: constant(',"day_of_injury":'), finalStatus: constant(',"final_status":'),
  lastFacility: constant(',"last_facility":'), currentStatus: constant(',"current_status":'), totalEvents: constant(',"timeline_summary":{"total_events":'),
  totalHours: constant(',"total_duration_hours":'), visited: constant(',"facilities_visited":'), warfare: constant('},"warfare_scenario":'),
  eventId: constant(',"casualty_event_id":'), massCasualty: constant(',"is_mass_casualty":'), environment: constant(',"environmental_conditions":'),
  facility: constant('{"facility":'), date: constant(',"date":'), treatments: constant(',"treatments":'), observations: constant(',"observations":['),
  hours: constant(',"hours_since_injury":'),
  evacuation: constant(',"evacuation_duration_hours":'), from: constant(',"from_facility":'), to: constant(',"to_facility":'),
  transit: constant(',"transit_duration_hours":'), timing: constant(',"timing":'),
  time: constant(',"time":'),
  // A triage assessment, in course.ts's order.
  assessmentFacility: constant('{"facility":'), algorithm: constant(',"algorithm":'),
  catastrophic: constant(',"catastrophic_haemorrhage":'), ambulatory: constant(',"ambulatory":'), breathing: constant(',"breathing":'),
  respondsToVoice: constant(',"responds_to_voice":'), respiratoryRate: constant(',"respiratory_rate":'), heartRate: constant(',"heart_rate":'),
  systolicBp: constant(',"systolic_bp":'), gcs: constant(',"gcs":'), rts: constant(',"rts":'), expectant: constant(',"expectant":'),
  category: constant(',"category":'),
};


/**
 * `false` and `true` by a patient's flag. An indexed load, not `flag ? K.true : K.false`: the first
 * mass-casualty patient can come thousands of patients after the writer was optimised, and a
 * load that had never run then deoptimises it (each thread recompiles it, ≈ 50 ms).
 */
const BOOLEAN = [constant('false'), constant('true')] as const;

/** `{"code":…,"display":…,"time":` and `,"kind":…}` of a treatment, per code (checked against display and kind). */
interface TreatmentParts {
  code: string;
  display: string;
  kind: string;
  head: Constant;
  tail: Constant;
}

const TREATMENT_PARTS = new Map<string, TreatmentParts>();

function treatmentItem(t: TimedCoded): void {
  let parts = TREATMENT_PARTS.get(t.code);
  if (parts === undefined || parts.display !== t.display || parts.kind !== t.kind) {
    parts = {
      code: t.code,
      display: t.display,
      kind: t.kind,
      head: constant(`{"code":${JSON.stringify(t.code)},"display":${JSON.stringify(t.display)},"time":`),
      tail: constant(`,"kind":${JSON.stringify(t.kind)}}`),
    };
    if (TREATMENT_PARTS.size < 10_000) TREATMENT_PARTS.set(t.code, parts);
  }
  raw(parts.head);
  time(t.time);
  raw(parts.tail);
}

/** An observation's JSON around its value, per code (checked against display and unit). */
interface ObservationParts {
  code: string;
  display: string;
  unit: string;
  head: Constant;
  tail: Constant;
}

const OBSERVATION_PARTS = new Map<string, ObservationParts>();

/**
 * The parts last written at each position of a record's observation list: records list the same
 * vitals in the same order, so three string comparisons (usually of the same constants) replace
 * a Map lookup for nearly every observation.
 */
const OBSERVATIONS_AT: (ObservationParts | undefined)[] = [];

function observationParts(o: Observation): ObservationParts {
  let parts = OBSERVATION_PARTS.get(o.code);
  if (parts === undefined || parts.display !== o.display || parts.unit !== o.unit) {
    parts = {
      code: o.code,
      display: o.display,
      unit: o.unit,
      head: constant(`{"code":${JSON.stringify(o.code)},"display":${JSON.stringify(o.display)},"value":`),
      tail: constant(`,"unit":${JSON.stringify(o.unit)},"time":`),
    };
    if (OBSERVATION_PARTS.size < 10_000) OBSERVATION_PARTS.set(o.code, parts);
  }
  return parts;
}

function observation(o: Observation, at: number): void {
  let parts = OBSERVATIONS_AT[at];
  if (parts === undefined || parts.code !== o.code || parts.display !== o.display || parts.unit !== o.unit) {
    parts = observationParts(o);
    if (at < 64) OBSERVATIONS_AT[at] = parts;
  }
  raw(parts.head);
  num(o.value);
  raw(parts.tail);
  time(o.time);
  B[pos++] = 0x7d;
}

function treatment(t: TreatmentRecord): void {
  raw(K.facility);
  str(t.facility);
  raw(K.date);
  time(t.date);
  raw(K.treatments);
  B[pos++] = 0x5b;
  const tr = t.treatments;
  for (let i = 0; i < tr.length; i++) {
    if (i > 0) B[pos++] = 0x2c;
    treatmentItem(tr[i] as TimedCoded);
  }
  B[pos++] = 0x5d;
  raw(K.observations);
  const obs = t.observations;
  for (let i = 0; i < obs.length; i++) {
    if (i > 0) B[pos++] = 0x2c;
    observation(obs[i] as Observation, i);
  }
  B[pos++] = 0x5d;
  B[pos++] = 0x7d;
}

/** `{"event_type":…,"facility":…,"timestamp":` per (event type, facility). */
interface EventHead {
  type: string;
  facility: string;
  head: Constant;
}

const EVENT_HEADS = new Map<string, Map<string, EventHead>>();

/** The head last written at each position of a timeline, as OBSERVATIONS_AT. */
const EVENT_HEADS_AT: (EventHead | undefined)[] = [];

function eventHead(type: string, facility: string): EventHead {
  let byFacility = EVENT_HEADS.get(type);
  if (byFacility === undefined) {
    byFacility = new Map();
    if (EVENT_HEADS.size < 1000) EVENT_HEADS.set(type, byFacility);
  }
  let head = byFacility.get(facility);
  if (head === undefined) {
    head = { type, facility, head: constant(`{"event_type":${JSON.stringify(type)},"facility":${JSON.stringify(facility)},"timestamp":`) };
    if (byFacility.size < 1000) byFacility.set(facility, head);
  }
  return head;
}

/** Optional members of a timeline event, in the order flow.ts creates them. */
function event(e: TimelineEvent, at: number): void {
  let head = EVENT_HEADS_AT[at];
  if (head === undefined || head.type !== e.event_type || head.facility !== e.facility) {
    head = eventHead(e.event_type, e.facility);
    if (at < 64) EVENT_HEADS_AT[at] = head;
  }
  raw(head.head);
  time(e.timestamp);
  raw(K.hours);
  num(e.hours_since_injury);
  if (e.evacuation_duration_hours !== undefined) { raw(K.evacuation); num(e.evacuation_duration_hours); }
  if (e.triage_category !== undefined) { raw(K.triage); str(e.triage_category); }
  if (e.from_facility !== undefined) { raw(K.from); str(e.from_facility); }
  if (e.to_facility !== undefined) { raw(K.to); str(e.to_facility); }
  if (e.transit_duration_hours !== undefined) { raw(K.transit); num(e.transit_duration_hours); }
  if (e.timing !== undefined) { raw(K.timing); str(e.timing); }
  B[pos++] = 0x7d;
}

function assessment(a: TriageAssessment): void {
  raw(K.assessmentFacility); str(a.facility);
  raw(K.time); time(a.time);
  raw(K.hours); num(a.hours_since_injury);
  raw(K.algorithm); str(a.algorithm);
  raw(K.catastrophic); raw(BOOLEAN[a.catastrophic_haemorrhage ? 1 : 0]);
  raw(K.ambulatory); raw(BOOLEAN[a.ambulatory ? 1 : 0]);
  raw(K.breathing); raw(BOOLEAN[a.breathing ? 1 : 0]);
  raw(K.respondsToVoice); raw(BOOLEAN[a.responds_to_voice ? 1 : 0]);
  raw(K.respiratoryRate); num(a.respiratory_rate);
  raw(K.heartRate); num(a.heart_rate);
  raw(K.systolicBp); num(a.systolic_bp);
  raw(K.gcs); num(a.gcs);
  raw(K.rts);
  if (a.rts === null) raw(NULL);
  else num(a.rts);
  raw(K.expectant); raw(BOOLEAN[a.expectant ? 1 : 0]);
  raw(K.category); str(a.category);
  B[pos++] = 0x7d;
}

function patient(p: Patient): void {
  const d = p.demographics;
  raw(K.id); num(p.id);
  raw(K.uuid); str(p.uuid);
  raw(K.givenName); str(d.given_name);
  raw(K.familyName); str(d.family_name);
  raw(K.gender); str(d.gender);
  raw(K.birthdate); str(d.birthdate);
  raw(K.age); num(d.age);
  raw(K.nationality); str(d.nationality);
  raw(K.idNumber); str(d.id_number);
  raw(K.serviceNumber); str(d.service_number);
  raw(K.rank); str(d.rank);
  raw(K.unit); str(d.unit);
  raw(K.bloodType); str(d.blood_type);
  raw(K.religion); str(d.religion);
  raw(K.weight); num(d.weight_kg);
  raw(K.height); num(d.height_cm);
  raw(K.demographicsEnd); str(p.nationality);
  raw(K.gender); str(p.gender);
  raw(K.front); str(p.front);
  raw(K.injuryType); str(p.injury_type);
  raw(K.triage); str(p.triage_category);
  raw(K.primary); frozen(p.primary_condition);
  raw(K.primaries); frozenList(p.primary_conditions);
  raw(K.additional); frozenList(p.additional_conditions);
  raw(K.bodyPart); str(p.body_part);
  raw(K.mechanism); strOrNull(p.mechanism);
  raw(K.injuries); frozenList(p.injuries);
  raw(K.iss); num(p.iss);
  raw(K.niss); num(p.niss);
  raw(K.assessments);
  const ta = p.triage_assessments;
  for (let i = 0; i < ta.length; i++) {
    if (i > 0) B[pos++] = 0x2c;
    assessment(ta[i] as TriageAssessment);
  }
  raw(K.finalTriage); str(p.final_triage);
  raw(K.causeOfDeath); strOrNull(p.cause_of_death);
  raw(K.allergies); frozenList(p.allergies);
  raw(K.medications); frozenList(p.medications);
  raw(K.history);
  const th = p.treatment_history;
  for (let i = 0; i < th.length; i++) {
    if (i > 0) B[pos++] = 0x2c;
    treatment(th[i] as TreatmentRecord);
  }
  raw(K.timeline);
  const tl = p.movement_timeline;
  for (let i = 0; i < tl.length; i++) {
    if (i > 0) B[pos++] = 0x2c;
    event(tl[i] as TimelineEvent, i);
  }
  const s = p.timeline_summary;
  raw(K.injuryTimestamp); str(p.injury_timestamp);
  raw(K.day); str(p.day_of_injury);
  raw(K.finalStatus); str(p.final_status);
  raw(K.lastFacility); str(p.last_facility);
  raw(K.currentStatus); str(p.current_status);
  raw(K.totalEvents); num(s.total_events);
  raw(K.totalHours); num(s.total_duration_hours);
  raw(K.visited); strList(s.facilities_visited);
  raw(K.finalStatus); str(s.final_status);
  raw(K.lastFacility); str(s.last_facility);
  raw(K.warfare); str(p.warfare_scenario);
  raw(K.eventId); str(p.casualty_event_id);
  raw(K.massCasualty); raw(BOOLEAN[p.is_mass_casualty ? 1 : 0]);
  raw(K.environment); strList(p.environmental_conditions);
  B[pos++] = 0x7d;
}

/**
 * Writes `prefix`, the patient's JSON and `suffix` (both ASCII) into `out`. A patient is written
 * optimistically: past the end of the buffer, byte stores are dropped by the typed array and word
 * stores throw a RangeError from the DataView; either way it is then written again as one string.
 */
export function writePatientJson(out: ByteTarget, p: Patient, prefix: string, suffix: string): void {
  out.reserve(RESERVE);
  if (out.buf !== B) {
    B = out.buf;
    V = new DataView(B.buffer, B.byteOffset, B.byteLength);
  }
  pos = out.pos;
  lastTimeAt = -1;
  let fits = true;
  try {
    ascii(prefix);
    patient(p);
    ascii(suffix);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    fits = false;
  }
  if (fits && pos <= B.length) {
    out.pos = pos;
    return;
  }
  out.latin1(prefix + Buffer.from(JSON.stringify(p), 'utf8').toString('latin1') + suffix);
}
