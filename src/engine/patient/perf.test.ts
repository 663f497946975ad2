import { describe, expect, it } from 'vitest';
import { createPatientContext, generatePatient } from './index.js';
import { buildArrivals, testScenario } from './fixtures.js';

/** Prints generation and serialisation cost; asserts nothing about time (machines differ). */
describe('performance (informational)', () => {
  it('times 100,000 patients', () => {
    const n = 100_000;
    const scenario = testScenario({ total_patients: n });
    const ctx = createPatientContext(scenario, 31337);
    const arrivals = buildArrivals(scenario, 31337);
    for (let i = 0; i < 20_000; i++) generatePatient(ctx, arrivals[i]!); // warm up
    let events = 0;
    const t0 = performance.now();
    for (const a of arrivals) events += generatePatient(ctx, a).movement_timeline.length;
    const t1 = performance.now();
    let bytes = 0;
    for (const a of arrivals) bytes += JSON.stringify(generatePatient(ctx, a)).length;
    const t2 = performance.now();
    console.log(`generatePatient ${((t1 - t0) * 1000 / n).toFixed(2)} µs/patient; with JSON.stringify ${((t2 - t1) * 1000 / n).toFixed(2)} µs/patient; ` +
      `${Math.round(bytes / n)} bytes/patient; ${(events / n).toFixed(2)} events/patient`);
    expect(events).toBeGreaterThan(n);
  });
});
