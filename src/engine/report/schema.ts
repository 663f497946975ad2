/**
 * JSON schemas (TypeBox) of what the dashboard adds for the realism statistics, for the server's
 * response schema (`statistics` and `bands` of DashboardData). Kept apart from dashboard.ts so the
 * web bundle, which imports the accumulator, does not load the schema library.
 */
import { Type } from '@sinclair/typebox';

const Count = Type.Integer({ minimum: 0 });
const Fraction = Type.Number({ minimum: 0, maximum: 1 });
const Hours = Type.Union([Type.Number(), Type.Null()]);
const KeyCounts = Type.Array(Type.Object({ key: Type.String(), count: Count, share: Fraction }));

const HoursDistributionSchema = Type.Object({
  count: Count, median: Hours, p90: Hours, mean: Hours, min: Hours, max: Hours, sum_hours: Type.Number({ minimum: 0 }),
  edges_hours: Type.Array(Type.Number(), { description: 'bin lower edges in hours; the last bin is open' }),
  counts: Type.Array(Count),
});

/** engine CasualtyStatistics. */
export const CasualtyStatisticsSchema = Type.Object({
  battle: Type.Object({
    casualties: Count, kia: Count, dow: Count, rtd: Count, remains_role4: Count, wia: Count, rtd_72h: Count, rtd_time_unknown: Count,
    cfr: Fraction, pct_kia: Fraction, pct_dow: Fraction, kia_share: Fraction, dow_share: Fraction,
  }, { description: 'battle casualties; CFR = (KIA+DOW)/(KIA+WIA), %KIA = KIA/(KIA+WIA-RTD), %DOW = DOW/(WIA-RTD) (Holcomb 2006), RTD within 72 h' }),
  dnbi: Type.Object({ casualties: Count, deaths: Count, death_rate: Fraction }),
  warfare: KeyCounts,
  conventional_share: Fraction,
  land_share: Fraction,
  mechanisms: KeyCounts,
  body_regions: KeyCounts,
  battle_injuries: Count,
  iss: KeyCounts,
  niss: KeyCounts,
  causes_of_death: Type.Array(Type.Object({ key: Type.String(), count: Count, KIA: Count, DOW: Count, Died_DNBI: Count })),
  time_to_role1: HoursDistributionSchema,
  time_to_surgery: HoursDistributionSchema,
  triage: Type.Object({ assessed: Count, reassessed: Count, changed: Count, changed_share: Fraction }),
});

/** engine BandCheck. */
export const BandCheckSchema = Type.Object({
  id: Type.String(), name: Type.String(), value: Type.Number(),
  min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()), maxExclusive: Type.Optional(Type.Boolean()),
  denominator: Type.Optional(Type.Number()),
  pass: Type.Boolean(), applicable: Type.Boolean(), inside: Type.Boolean(), informational: Type.Boolean(),
  source: Type.String(), note: Type.Optional(Type.String()),
});
