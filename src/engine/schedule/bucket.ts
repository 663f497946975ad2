/**
 * Expansion of one (day, hour) bucket into its arrival groups, from the bucket's own stream
 * Rng.derive(key, Stream.hourBucket, day, hour) (discovery delays from a sibling stream with
 * b = 24 + hour, so the environment never moves a casualty in time).
 *
 * A group is a set of casualties injured at the same second and sharing an event id: a
 * cluster (one mass-casualty incident of a warfare type), a group of 1–3 individual
 * casualties, a group of 1–3 special-event casualties (major offensive, ambush), the whole
 * hour's part of a mass-casualty special event (one instant), or one background casualty (a
 * non-battle injury or a disease, from the sibling stream b = 48 + hour, so the background never
 * moves a battle casualty). Groups are kept in typed arrays (≈ 25 bytes a group, buffers reused
 * between buckets) and ordered by time with a stable sort, so ties keep generation order.
 */
import { Rng, Stream } from '../rng.js';
import { WARFARE_PROFILES } from '../tables.js';
import type { WarfareType } from '../types.js';
import { CLASSES, DNBI_CLASSES, HOURS, SE_COUNT, type DayPlan, type SchedulePlan } from './plan.js';

/**
 * Group kinds: 0–7 individual casualties of WARFARE_TYPES[k]; 8–15 a cluster of type k − 8;
 * 16–18 special event k − 16; 19 a non-battle injury, 20 a disease (background).
 */
export const KIND_CLUSTER = 8;
export const KIND_SPECIAL = 16;
export const KIND_BACKGROUND = 19;

/** Injury type (index into INJURY_TYPES) of a group kind: battle below KIND_BACKGROUND. */
export const injuryOfKind = (kind: number): 0 | 1 | 2 => (kind < KIND_BACKGROUND ? 0 : (kind - KIND_BACKGROUND + 1) as 1 | 2);

const SECONDS_PER_HOUR = 3600;
/** Up to this many groups, insertion sort beats a pass over 3600 seconds. */
const SMALL_BUCKET = 96;

export class BucketExpander {
  /** Bucket currently expanded, (day − 1) × 24 + hour (−1: none). */
  bucket = -1;
  day = 0;
  hour = 0;
  /** Global index of the bucket's first casualty. */
  start = 0;
  /** Casualties in the bucket. */
  size = 0;
  /** Number of groups. */
  groups = 0;
  /** Casualties of each injury type (battle, non-battle injury, disease) in the run before this bucket. */
  readonly classStart = new Int32Array(CLASSES);

  // Per group in generation order.
  time = new Uint16Array(64);
  count = new Uint32Array(64);
  kind = new Uint8Array(64);
  hex = new Uint32Array(64);
  delay = new Uint32Array(64);
  // Per group in time order: generation index, and local index of its first casualty (length groups + 1).
  order = new Uint32Array(64);
  first = new Uint32Array(65);
  /** Per group in time order: the bucket's casualties of the group's injury type before the group. */
  classFirst = new Uint32Array(64);
  private readonly histogram = new Uint32Array(SECONDS_PER_HOUR + 1);

  constructor(private readonly plan: SchedulePlan, private readonly key: number) {}

  expand(dayPlan: DayPlan, hour: number): void {
    const plan = this.plan;
    const day = dayPlan.day;
    const rng = Rng.derive(this.key, Stream.hourBucket, day, hour);
    const delayRng = plan.discoveryDelayMax > 0 ? Rng.derive(this.key, Stream.hourBucket, day, HOURS + hour) : undefined;
    this.bucket = (day - 1) * HOURS + hour;
    this.day = day;
    this.hour = hour;
    this.start = dayPlan.start + (dayPlan.hourStart[hour] as number);
    this.size = (dayPlan.hourStart[hour + 1] as number) - (dayPlan.hourStart[hour] as number);
    this.groups = 0;
    for (let c = 0; c < CLASSES; c++) {
      this.classStart[c] = (plan.classDayStart[(day - 1) * CLASSES + c] as number) + (dayPlan.classHourStart[hour * CLASSES + c] as number);
    }

    const T = plan.types.length;
    for (let t = 0; t < T; t++) {
      let left = dayPlan.typeCounts[hour * T + t] as number;
      if (left === 0) continue;
      const type = plan.types[t] as WarfareType;
      const typeIndex = plan.typeIndex[t] as number;
      // A cluster: only when the hour has > 5 casualties of this type; never delayed.
      if (left > 5 && rng.chance(plan.clusterProbability[t] as number)) {
        const [lo, hi] = WARFARE_PROFILES[type].clusterSize;
        const size = Math.min(rng.int(lo, hi), left);
        this.push(rng.int(0, SECONDS_PER_HOUR - 1), size, KIND_CLUSTER + typeIndex, rng.u32(), 0);
        left -= size;
      }
      while (left > 0) {
        const size = Math.min(rng.int(1, 3), left);
        const delay = delayRng ? delayRng.int(0, plan.discoveryDelayMax) : 0;
        this.push(rng.int(0, SECONDS_PER_HOUR - 1), size, typeIndex, rng.u32(), delay);
        left -= size;
      }
    }

    for (let k = 0; k < SE_COUNT; k++) {
      let left = dayPlan.seCounts[hour * SE_COUNT + k] as number;
      if (left === 0) continue;
      const ev = dayPlan.events[k];
      /* v8 ignore next */
      if (!ev) throw new Error(`special event ${k} missing on day ${day}`);
      if (ev.durationSeconds === 0) {
        // Mass casualty: everyone at one instant.
        this.push(ev.minute * 60 + ev.second, left, KIND_SPECIAL + k, 0, 0);
        continue;
      }
      // Multi-hour event: this hour's slice of [start, start + duration), in groups of 1–3.
      const hourStart = hour * SECONDS_PER_HOUR;
      const evStart = ev.hour * SECONDS_PER_HOUR + ev.minute * 60;
      const lo = Math.max(0, evStart - hourStart);
      const hi = Math.min(SECONDS_PER_HOUR, evStart + ev.durationSeconds - hourStart);
      while (left > 0) {
        const size = Math.min(rng.int(1, 3), left);
        this.push(rng.int(lo, hi - 1), size, KIND_SPECIAL + k, 0, 0);
        left -= size;
      }
    }

    // Background: each non-battle injury and disease on its own, at a uniform second, found at
    // once (the discovery delay is for casualties lying on a battlefield).
    let background: Rng | undefined;
    for (let c = 0; c < DNBI_CLASSES; c++) {
      const n = dayPlan.dnbiCounts[hour * DNBI_CLASSES + c] as number;
      if (n === 0) continue;
      background ??= Rng.derive(this.key, Stream.hourBucket, day, 2 * HOURS + hour);
      for (let j = 0; j < n; j++) this.push(background.int(0, SECONDS_PER_HOUR - 1), 1, KIND_BACKGROUND + c, background.u32(), 0);
    }
    this.sort();
  }

  /** Position (in time order) of the group holding local index `local`, starting the search near `hint`. */
  groupAt(local: number, hint: number): number {
    const first = this.first;
    if (hint >= 0 && hint < this.groups) {
      if ((first[hint] as number) <= local) {
        if (local < (first[hint + 1] as number)) return hint;
        if (hint + 1 < this.groups && local < (first[hint + 2] as number)) return hint + 1;
      }
    }
    let lo = 0;
    let hi = this.groups - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((first[mid] as number) <= local) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private push(time: number, count: number, kind: number, hex: number, delay: number): void {
    const g = this.groups;
    if (g === this.time.length) this.grow();
    this.time[g] = time;
    this.count[g] = count;
    this.kind[g] = kind;
    this.hex[g] = hex;
    this.delay[g] = delay;
    this.groups = g + 1;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const grown = <A extends Uint8Array | Uint16Array | Uint32Array>(a: A, make: new (len: number) => A): A => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    this.time = grown(this.time, Uint16Array);
    this.count = grown(this.count, Uint32Array);
    this.kind = grown(this.kind, Uint8Array);
    this.hex = grown(this.hex, Uint32Array);
    this.delay = grown(this.delay, Uint32Array);
    this.order = new Uint32Array(n);
    this.first = new Uint32Array(n + 1);
    this.classFirst = new Uint32Array(n);
  }

  /**
   * Stable sort of the groups by second (insertion sort for small buckets, counting sort over
   * the 3600 seconds otherwise: both keep generation order on ties), then the first local index
   * of each group.
   */
  private sort(): void {
    const n = this.groups;
    const time = this.time;
    const order = this.order;
    if (n <= SMALL_BUCKET) {
      for (let g = 0; g < n; g++) {
        const t = time[g] as number;
        let p = g;
        while (p > 0 && (time[order[p - 1] as number] as number) > t) {
          order[p] = order[p - 1] as number;
          p--;
        }
        order[p] = g;
      }
    } else {
      const hist = this.histogram;
      hist.fill(0);
      for (let g = 0; g < n; g++) hist[(time[g] as number) + 1]! += 1;
      for (let s = 1; s <= SECONDS_PER_HOUR; s++) hist[s]! += hist[s - 1] as number;
      for (let g = 0; g < n; g++) {
        const s = time[g] as number;
        order[hist[s] as number] = g;
        hist[s]! += 1;
      }
    }
    let local = 0;
    let battle = 0;
    let nbi = 0;
    let disease = 0;
    for (let p = 0; p < n; p++) {
      const g = this.order[p] as number;
      const count = this.count[g] as number;
      const kind = this.kind[g] as number;
      this.first[p] = local;
      local += count;
      if (kind < KIND_BACKGROUND) {
        this.classFirst[p] = battle;
        battle += count;
      } else if (kind === KIND_BACKGROUND) {
        this.classFirst[p] = nbi;
        nbi += count;
      } else {
        this.classFirst[p] = disease;
        disease += count;
      }
    }
    this.first[n] = local;
    /* v8 ignore next */
    if (local !== this.size) throw new Error(`bucket ${this.bucket} expanded to ${local} casualties, planned ${this.size}`);
  }
}
