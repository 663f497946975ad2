/** Live summary of the scenario being built. */
import { getField, isObject, type ScenarioJson } from './scenario-model.js';
import { outcomeShort, plural } from '../app/format.js';
import type { EstimateState } from './estimate.js';

const ORDER = ['KIA', 'DOW', 'RTD', 'Remains_Role4', 'Died_DNBI'];
const DOT: Record<string, string> = { KIA: 'kia', DOW: 'dow', RTD: 'rtd', Remains_Role4: 'remains', Died_DNBI: 'dnbi' };
const ESTIMATE_TEXT: Record<Exclude<EstimateState['kind'], 'ok'>, string> = {
  none: 'Shown once the scenario is valid.',
  pending: 'Estimating…',
  unavailable: 'This server gives no estimate.',
};

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function SummaryPanel({ s, estimate, problems }: { s: ScenarioJson; estimate: EstimateState; problems: number }) {
  const fronts = Array.isArray(s.front_configs) ? s.front_configs : [];
  const nations = new Set<string>();
  for (const f of fronts) {
    if (isObject(f) && Array.isArray(f.nationality_distribution)) {
      for (const n of f.nationality_distribution) if (isObject(n) && typeof n.nationality_code === 'string') nations.add(n.nationality_code);
    }
  }
  const warfare = isObject(s.warfare_types) ? Object.entries(s.warfare_types).filter(([, v]) => v === true).map(([k]) => k) : [];
  const show = (v: unknown, fallback: string) => (typeof v === 'number' || typeof v === 'string' ? String(v) : fallback);
  return (
    <aside className="summary card" aria-labelledby="summary-title">
      <h2 id="summary-title">Summary</h2>
      <dl>
        <dt>Patients</dt><dd data-testid="summary-patients">{show(getField(s, 'total_patients'), '1440 (default)')}</dd>
        <dt>Days</dt><dd>{show(getField(s, 'days_of_fighting'), '8 (default)')}</dd>
        <dt>Fronts</dt><dd>{fronts.length}</dd>
        <dt>Nations</dt><dd>{nations.size}{nations.size > 0 ? `: ${[...nations].join(', ')}` : ''}</dd>
        <dt>Warfare</dt><dd>{warfare.length > 0 ? warfare.join(', ').replace(/_/g, ' ') : '—'}</dd>
      </dl>
      <h3>Expected outcomes</h3>
      {estimate.kind === 'ok' ? (
        <ul className="outcome-mix" data-testid="outcome-estimate">
          {[...ORDER.filter((o) => o in estimate.shares), ...Object.keys(estimate.shares).filter((o) => !ORDER.includes(o))].map((o) => (
            <li key={o}><span className={`dot ${DOT[o] ?? ''}`} aria-hidden="true" />{outcomeShort(o)} {pct(estimate.shares[o] ?? 0)}</li>
          ))}
        </ul>
      ) : <p className="hint" data-testid="outcome-estimate">{ESTIMATE_TEXT[estimate.kind]}</p>}
      <p className="hint">Estimated by the server from a sample of the scenario&apos;s patients; a job&apos;s summary reports the real mix.</p>
      <p className={problems === 0 ? 'ok-text' : 'bad-text'} data-testid="summary-validity">
        <span aria-hidden="true">{problems === 0 ? '✓ ' : '⚠ '}</span>{problems === 0 ? 'Scenario is valid' : `${plural(problems, 'problem')} to fix`}
      </p>
    </aside>
  );
}
