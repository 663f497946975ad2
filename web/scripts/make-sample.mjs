// Writes web/public/sample-patients.json, the viewer's "Load sample" file: a real run of the
// nato_article_5 preset (fixed seed) cut down to the fields the viewer reads.
// Usage (after `npm run build`): node web/scripts/make-sample.mjs [patients]
import { writeFileSync } from 'node:fs';
import { createRun, generateRange, getPreset, parseScenario, runMetadata } from '../../dist/engine/index.js';

const count = Number(process.argv[2] ?? 250);
const preset = getPreset('nato_article_5');
const parsed = parseScenario({ ...structuredClone(preset.input), total_patients: count });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const run = createRun(parsed.scenario);
const patients = [];
for (const p of generateRange(run)) {
  patients.push({
    id: p.id,
    demographics: { given_name: p.demographics.given_name, family_name: p.demographics.family_name },
    nationality: p.nationality,
    front: p.front,
    injury_type: p.injury_type,
    triage_category: p.triage_category,
    final_status: p.final_status,
    injury_timestamp: p.injury_timestamp,
    is_mass_casualty: p.is_mass_casualty,
    casualty_event_id: p.casualty_event_id,
    movement_timeline: p.movement_timeline.map(({ timestamp: _t, ...e }) => e),
  });
}
const meta = runMetadata(run);
const out = { metadata: { scenario_name: meta.scenario_name, seed: meta.seed, base_date: meta.base_date, patient_count: patients.length, days_of_fighting: meta.days_of_fighting }, patients };
writeFileSync(new URL('../public/sample-patients.json', import.meta.url), `${JSON.stringify(out)}\n`);
console.log(`wrote ${patients.length} patients`);
