/** Fronts table: add and remove fronts and their nationality rows, with live sums. */
import { FieldErrors } from '../app/ui.js';
import { fieldId, NumberField, TextField } from './fields.js';
import { NationPicker, NATIONS } from './NationPicker.js';
import { isObject } from './scenario-model.js';

type Row = Record<string, unknown>;
type Errors = (anchor: string) => readonly string[];

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const round = (n: number): number => Math.round(n * 100) / 100;

function newFrontId(fronts: readonly Row[]): string {
  const ids = new Set(fronts.map((f) => f.id));
  let n = fronts.length + 1;
  while (ids.has(`front_${n}`)) n++;
  return `front_${n}`;
}

export function FrontsEditor({ value, onChange, errors }: { value: unknown; onChange: (fronts: unknown[]) => void; errors: Errors }) {
  const fronts: Row[] = Array.isArray(value) ? value.map((f) => (isObject(f) ? f : {})) : [];
  const rateSum = fronts.reduce((a, f) => a + num(f.casualty_rate), 0);
  const update = (i: number, patch: Row) => onChange(fronts.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const rowsOf = (f: Row): Row[] => (Array.isArray(f.nationality_distribution) ? f.nationality_distribution.map((r) => (isObject(r) ? r : {})) : []);

  return (
    <div className="fronts" id={fieldId('front_configs')}>
      <FieldErrors messages={errors('front_configs')} />
      {fronts.map((f, i) => {
        const base = `front_configs[${i}]`;
        const rows = rowsOf(f);
        const sum = round(rows.reduce((a, r) => a + num(r.percentage), 0));
        const sumOk = Math.abs(sum - 100) <= 0.5;
        const used = rows.map((r) => String(r.nationality_code ?? ''));
        const setRows = (next: Row[]) => update(i, { nationality_distribution: next });
        const share = rateSum > 0 ? (num(f.casualty_rate) / rateSum) * 100 : 0;
        return (
          <fieldset key={i} className="front card" aria-label={`Front ${i + 1}`}>
            <legend>Front {i + 1}{typeof f.name === 'string' && f.name !== '' ? `: ${f.name}` : ''}</legend>
            <FieldErrors messages={errors(base)} />
            <div className="grid-3">
              <TextField anchor={`${base}.id`} label="Id" value={f.id} errors={errors(`${base}.id`)} onChange={(v) => update(i, { id: v })} />
              <TextField anchor={`${base}.name`} label="Name" value={f.name} errors={errors(`${base}.name`)} onChange={(v) => update(i, { name: v })} />
              <NumberField
                anchor={`${base}.casualty_rate`} label="Casualty rate (relative weight)" value={f.casualty_rate} errors={errors(`${base}.casualty_rate`)}
                hint={`${share.toFixed(1)} % of casualties`} onChange={(v) => update(i, { casualty_rate: v })}
              />
            </div>
            <table className="nations-table">
              <caption className="sr-only">Nationalities of front {i + 1}</caption>
              <thead><tr><th scope="col">Nation</th><th scope="col">Percentage</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {rows.map((r, j) => {
                  const anchor = `${base}.nationality_distribution[${j}]`;
                  const rowErrors = errors(anchor);
                  const id = fieldId(anchor);
                  return (
                    <tr key={j} className={rowErrors.length > 0 ? 'invalid' : undefined}>
                      <td>
                        <NationPicker
                          id={`${id}-nation`} label={`Front ${i + 1} nation ${j + 1}`} value={String(r.nationality_code ?? '')} used={used}
                          invalid={rowErrors.length > 0} describedBy={rowErrors.length > 0 ? `${id}-err` : undefined}
                          onChange={(code) => setRows(rows.map((x, k) => (k === j ? { ...x, nationality_code: code } : x)))}
                        />
                        <FieldErrors id={`${id}-err`} messages={rowErrors} />
                      </td>
                      <td>
                        <NumberField
                          compact anchor={`${anchor}.percentage`} label={`Front ${i + 1} nation ${j + 1} percentage`} value={r.percentage} errors={[]}
                          onChange={(v) => setRows(rows.map((x, k) => (k === j ? { ...x, percentage: v } : x)))}
                        />
                      </td>
                      <td>
                        <button type="button" className="icon" aria-label={`Remove nation ${j + 1} of front ${i + 1}`} disabled={rows.length <= 1}
                          onClick={() => setRows(rows.filter((_, k) => k !== j))}>✕</button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <td>
                    <button type="button" className="secondary" onClick={() => {
                      const free = NATIONS.find((n) => !used.includes(n.code));
                      setRows([...rows, { nationality_code: free?.code ?? 'USA', percentage: Math.max(0, round(100 - sum)) }]);
                    }}>Add nation</button>
                  </td>
                  <td colSpan={2}>
                    <output className={`sum ${sumOk ? 'ok' : 'bad'}`} aria-live="polite" data-testid={`front-${i}-sum`}>
                      <span aria-hidden="true">{sumOk ? '✓ ' : '⚠ '}</span>Sum {sum} %{sumOk ? '' : ' — must be 100'}
                    </output>
                    {!sumOk && rows.length > 0 && (
                      <button type="button" className="link" onClick={() => setRows(rows.map((x, k) => (k === rows.length - 1 ? { ...x, percentage: round(num(x.percentage) + 100 - sum) } : x)))}>
                        Adjust last row to 100 %
                      </button>
                    )}
                  </td>
                </tr>
              </tfoot>
            </table>
            <FieldErrors messages={errors(`${base}.nationality_distribution`)} />
            <button type="button" className="danger small" disabled={fronts.length <= 1} onClick={() => onChange(fronts.filter((_, k) => k !== i))}>
              Remove front {i + 1}
            </button>
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...fronts, {
        id: newFrontId(fronts), name: `Front ${fronts.length + 1}`, casualty_rate: 0.1, nationality_distribution: [{ nationality_code: 'USA', percentage: 100 }],
      }])}>Add front</button>
    </div>
  );
}
