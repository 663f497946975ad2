/**
 * The casualty schedule (domain spec §3): exactly N arrivals ordered by injury time, built in
 * O(days × 24) memory and served by index. See docs/schedule.md.
 */
export { buildSchedule, type Schedule } from './schedule.js';
export { TEMPO_WEIGHTS, allocateDays, dayWeights } from './days.js';
export { BASELINE, patternWeights } from './hourly-patterns.js';
export { planDayEvents, specialEventId, type SpecialEventPlan } from './special-events.js';
export { SchedulePlan, discoveryDelayMax, dominantType, type DayPlan } from './plan.js';
