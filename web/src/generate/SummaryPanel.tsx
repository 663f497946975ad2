/** Live summary of the scenario being built. */
import { getField, isObject, type ScenarioJson } from './scenario-model.js';
import type { OutcomeMix } from './outcome-estimate.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function SummaryPanel({ s, estimate, problems }: { s: ScenarioJson; estimate: OutcomeMix | undefined; problems: number }) {
  const fronts = Array.isArray(s.front_configs) ? s.front_configs : [];
  const nations = new Set<string>();
  for (const f of fronts) {
    if (isObject(f) && Array.isArray(f.nationality_distribution)) {
      for (const n of f.nationality_distribution) if (isObject(n) && typeof n.nationality_code === 'string') nations.add(n.nationality_code);
    }
  }
  const warfare = isObject(s.warfare_types) ? Object.entries(s.warfare_types).filter(([, v]) => v === true).map(([k]) => k) : [];
  // Engines with a disease/non-battle death give its share too.
  const dnbi = (estimate as { Died_DNBI?: number } | undefined)?.Died_DNBI;
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
      {estimate ? (
        <ul className="outcome-mix">
          <li><span className="dot kia" aria-hidden="true" />KIA {pct(estimate.KIA)}</li>
          <li><span className="dot dow" aria-hidden="true" />DOW {pct(estimate.DOW)}</li>
          <li><span className="dot rtd" aria-hidden="true" />RTD {pct(estimate.RTD)}</li>
          <li><span className="dot remains" aria-hidden="true" />Remains at Role 4 {pct(estimate.Remains_Role4)}</li>
          {dnbi !== undefined && <li><span className="dot dnbi" aria-hidden="true" />Died (disease/non-battle) {pct(dnbi)}</li>}
        </ul>
      ) : <p className="hint">Shown once the scenario is valid.</p>}
      <p className="hint">Estimated from the scenario&apos;s rates; the job summary reports the real mix.</p>
      <p className={problems === 0 ? 'ok-text' : 'bad-text'} data-testid="summary-validity">
        <span aria-hidden="true">{problems === 0 ? '✓ ' : '⚠ '}</span>{problems === 0 ? 'Scenario is valid' : `${problems} problem${problems === 1 ? '' : 's'} to fix`}
      </p>
    </aside>
  );
}
