import { startJobRun } from './dist/jobs/runner.js';
import { parseScenario, scenarioToInput } from './dist/engine/index.js';
const [fmt, n, mb] = process.argv.slice(2);
const sc = scenarioToInput(parseScenario({ total_patients: Number(n), seed: 3 }).scenario);
const t = Date.now();
let last = 0;
const run = startJobRun({ scenario: { ...sc, seed: 3 }, formats: [fmt], outDir: '/tmp/jt/' + fmt, gzip: false, workers: 1 }, { timeoutSeconds: 120, memoryMb: Number(mb) }, (d) => { last = d; });
const o = await run.outcome;
console.log(fmt, n, mb, o.kind, o.error ?? '', 'last', last, Date.now() - t, 'ms');
