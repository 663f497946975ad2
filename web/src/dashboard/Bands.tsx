/**
 * The realism checks of the aggregates (engines that compute them): each measure (a share of the
 * population counted, n), the published range and whether it lies inside, with the reason when a
 * check does not apply.
 */
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

interface Band {
  id: string;
  name: string;
  value: number;
  min?: number;
  max?: number;
  denominator?: number;
  applicable: boolean;
  inside: boolean;
  informational: boolean;
  source: string;
  note?: string;
}

const isBand = (b: unknown): b is Band => typeof b === 'object' && b !== null && typeof (b as Band).name === 'string' && typeof (b as Band).value === 'number';


export function Bands({ bands }: { bands: unknown }) {
  const list = Array.isArray(bands) ? bands.filter(isBand) : [];
  if (list.length === 0) return null;
  return (
    <section className="card" aria-labelledby="bands-title" data-testid="bands">
      <h2 id="bands-title">Realism checks</h2>
      <p className="hint">Rates of these patients against published ranges; a check needs enough patients (and the right kind of war) to apply.</p>
      <div className="table-wrap">
        <table className="record-table">
          <thead><tr><th scope="col">Measure</th><th scope="col">Value</th><th scope="col">Expected</th><th scope="col">Result</th><th scope="col">Source</th></tr></thead>
          <tbody>
            {list.map((b) => {
              const range = b.min !== undefined && b.max !== undefined ? `${pct(b.min)} – ${pct(b.max)}`
                : b.min !== undefined ? `≥ ${pct(b.min)}` : b.max !== undefined ? `≤ ${pct(b.max)}` : '—';
              const result = !b.applicable || b.informational ? `${b.inside ? 'inside' : 'outside'} (not checked${b.note ? `: ${b.note}` : ''})`
                : b.inside ? '✓ inside' : '✗ outside';
              return (
                <tr key={b.id}>
                  <td>{b.name}{b.denominator !== undefined ? <span className="small"> (n = {b.denominator.toLocaleString('en-US')})</span> : null}</td>
                  <td>{pct(b.value)}</td><td>{range}</td>
                  <td className={b.applicable && !b.informational ? (b.inside ? 'ok-text' : 'bad-text') : 'hint'}>{result}</td>
                  <td className="small">{b.source}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
