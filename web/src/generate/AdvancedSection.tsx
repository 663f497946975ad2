/** Advanced settings: per-role death/RTD rates, stay and transit times by triage (defaults shown). */
import { facilityLabel } from '../app/format.js';
import { FieldErrors } from '../app/ui.js';
import {
  facilityRate, hasAdvancedOverrides, resetAdvanced, ROLES, setFacilityRate, setTiming, TIMED, timing, TRANSIT_KEYS,
  type TimingKind,
} from './advanced-model.js';
import { NumberField } from './fields.js';
import type { ScenarioJson } from './scenario-model.js';

type Errors = (anchor: string) => readonly string[];

function TimingTable({ kind, keys, s, onChange, errors, caption }: {
  kind: TimingKind; keys: readonly string[]; s: ScenarioJson; onChange: (s: ScenarioJson) => void; errors: Errors; caption: string;
}) {
  return (
    <table className="timing">
      <caption>{caption} (hours, min – max)</caption>
      <thead><tr><th scope="col">{kind === 'evac' ? 'Role' : 'Transit'}</th>{TIMED.map((t) => <th scope="col" key={t}>{t}</th>)}</tr></thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <th scope="row">{k.split('-').map(facilityLabel).join(' → ')}</th>
            {TIMED.map((t) => {
              const anchor = `${kind}:${k}:${t}`;
              const min = timing(s, kind, k, t, 'min_hours');
              const max = timing(s, kind, k, t, 'max_hours');
              return (
                <td key={t} className={min.overridden || max.overridden ? 'overridden' : undefined}>
                  <div className="range-pair">
                    <NumberField compact anchor={`${anchor}:min`} label={`${k} ${t} minimum hours`} value={min.value} errors={[]}
                      onChange={(v) => onChange(setTiming(s, kind, k, t, 'min_hours', v))} />
                    <span aria-hidden="true">–</span>
                    <NumberField compact anchor={`${anchor}:max`} label={`${k} ${t} maximum hours`} value={max.value} errors={[]}
                      onChange={(v) => onChange(setTiming(s, kind, k, t, 'max_hours', v))} />
                  </div>
                  <FieldErrors messages={errors(anchor)} />
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AdvancedSection({ s, onChange, errors, open, onToggle }: {
  s: ScenarioJson; onChange: (s: ScenarioJson) => void; errors: Errors; open: boolean; onToggle: (open: boolean) => void;
}) {
  return (
    <details className="advanced card" open={open} onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Advanced: facility rates, evacuation and transit times</summary>
      <FieldErrors messages={errors('advanced')} />
      <p className="hint">Values in italics are the defaults; edited values are written into the scenario.</p>
      <table className="rates">
        <caption>Base probabilities per role (before triage and injury-type multipliers)</caption>
        <thead><tr><th scope="col">Role</th><th scope="col">Death rate</th><th scope="col">RTD rate</th></tr></thead>
        <tbody>
          {ROLES.map((r) => {
            const kia = facilityRate(s, r, 'kia_rate');
            const rtd = facilityRate(s, r, 'rtd_rate');
            return (
              <tr key={r} className={kia.overridden ? 'overridden' : undefined}>
                <th scope="row">{facilityLabel(r)}</th>
                <td><NumberField compact anchor={`facility:${r}:kia`} label={`${r} death rate`} value={kia.value} errors={[]} onChange={(v) => onChange(setFacilityRate(s, r, 'kia_rate', v))} /></td>
                <td>
                  <NumberField compact anchor={`facility:${r}:rtd`} label={`${r} RTD rate`} value={rtd.value} errors={[]} onChange={(v) => onChange(setFacilityRate(s, r, 'rtd_rate', v))} />
                  <FieldErrors messages={errors(`facility:${r}`)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <TimingTable kind="evac" keys={ROLES} s={s} onChange={onChange} errors={errors} caption="Stay at each role" />
      <TimingTable kind="transit" keys={TRANSIT_KEYS} s={s} onChange={onChange} errors={errors} caption="Transit between roles" />
      <button type="button" className="secondary" disabled={!hasAdvancedOverrides(s)} onClick={() => onChange(resetAdvanced(s))}>Reset advanced settings to defaults</button>
    </details>
  );
}
