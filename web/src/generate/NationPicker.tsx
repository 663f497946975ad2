/** A searchable nation picker (ARIA combobox): type a code or a name, pick with arrows and Enter. */
import { useId, useMemo, useState } from 'react';
import { NATION_NAMES } from '../../../src/engine/browser.js';

export const NATIONS = Object.entries(NATION_NAMES).map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name));

const fold = (s: string): string => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

export function nationLabel(code: string): string {
  const name = (NATION_NAMES as Record<string, string>)[code];
  return name ? `${code} — ${name}` : code;
}

export function NationPicker({ id, label, value, onChange, used, invalid, describedBy }: {
  id: string; label: string; value: string; onChange: (code: string) => void; used: readonly string[]; invalid?: boolean; describedBy?: string;
}) {
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const open = query !== null;
  const options = useMemo(() => {
    const q = fold(query ?? '');
    return NATIONS.filter((n) => q === '' || fold(n.code).includes(q) || fold(n.name).includes(q));
  }, [query]);

  const pick = (code: string) => {
    onChange(code);
    setQuery(null);
  };

  return (
    <div className="combo">
      <label htmlFor={id} className="sr-only">{label}</label>
      <input
        id={id} role="combobox" aria-expanded={open} aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${options[active].code}` : undefined}
        aria-invalid={invalid} aria-describedby={describedBy} autoComplete="off" spellCheck={false}
        value={open ? query : nationLabel(value)} placeholder="Search nation"
        onFocus={(e) => { setQuery(''); setActive(0); e.currentTarget.select(); }}
        onBlur={() => setQuery(null)}
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        onKeyDown={(e) => {
          if (!open) return;
          if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, options.length - 1)); }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
          else if (e.key === 'Enter') {
            const o = options[active];
            if (o) { e.preventDefault(); pick(o.code); }
          } else if (e.key === 'Escape') { setQuery(null); }
        }}
      />
      {open && (
        <ul className="combo-list" role="listbox" id={listId} aria-label={`${label} options`}>
          {options.length === 0 && <li className="combo-empty">No NATO nation matches</li>}
          {options.map((n, i) => (
            <li
              key={n.code} id={`${listId}-${n.code}`} role="option" aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => { e.preventDefault(); pick(n.code); }}
            >
              <strong>{n.code}</strong> {n.name}{used.includes(n.code) && n.code !== value ? <em> (already in this front)</em> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
