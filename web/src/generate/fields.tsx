/** Labelled form controls that show their validation messages beside them. */
import { useEffect, useState, type ReactNode } from 'react';
import { FieldErrors } from '../app/ui.js';
import { inputFromNumber, numberFromInput } from './scenario-model.js';

export const fieldId = (anchor: string): string => `f-${anchor.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

interface Common {
  anchor: string;
  label: ReactNode;
  errors: readonly string[];
  hint?: ReactNode;
}

function describedBy(id: string, errors: readonly string[], hint?: ReactNode): string | undefined {
  const parts = [errors.length > 0 ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter((s) => s !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function TextField({ anchor, label, errors, hint, value, onChange, type = 'text', placeholder, maxLength }: Common & {
  value: unknown; onChange: (v: string) => void; type?: string; placeholder?: string; maxLength?: number;
}) {
  const id = fieldId(anchor);
  return (
    <div className={`field${errors.length > 0 ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id} type={type} value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''} placeholder={placeholder}
        maxLength={maxLength} aria-invalid={errors.length > 0} aria-describedby={describedBy(id, errors, hint)}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && <div className="hint" id={`${id}-hint`}>{hint}</div>}
      <FieldErrors id={`${id}-err`} messages={errors} />
    </div>
  );
}

/**
 * A number input whose text is kept while the user types ("1.", "-") and whose JSON value is
 * a number when the text reads as one (else the text, which the validator then explains).
 */
export function NumberField({ anchor, label, errors, hint, value, onChange, compact }: Common & {
  value: unknown; onChange: (v: number | string | undefined) => void; compact?: boolean;
}) {
  const id = fieldId(anchor);
  const [text, setText] = useState(inputFromNumber(value));
  useEffect(() => {
    // Follow outside changes (preset, JSON view) unless they are what the text already says.
    if (numberFromInput(text) !== value && !(value === undefined && text.trim() === '')) setText(inputFromNumber(value));
  }, [value]);
  return (
    <div className={`field${compact ? ' compact' : ''}${errors.length > 0 ? ' invalid' : ''}`}>
      <label htmlFor={id} className={compact ? 'sr-only' : undefined}>{label}</label>
      <input
        id={id} type="text" inputMode="decimal" value={text}
        aria-invalid={errors.length > 0} aria-describedby={describedBy(id, errors, hint)}
        onChange={(e) => {
          setText(e.target.value);
          onChange(numberFromInput(e.target.value));
        }}
      />
      {hint && <div className="hint" id={`${id}-hint`}>{hint}</div>}
      <FieldErrors id={`${id}-err`} messages={errors} />
    </div>
  );
}

export function SelectField({ anchor, label, errors, hint, value, options, onChange }: Common & {
  value: unknown; options: readonly { value: string; label: string }[]; onChange: (v: string) => void;
}) {
  const id = fieldId(anchor);
  const v = typeof value === 'string' ? value : '';
  return (
    <div className={`field${errors.length > 0 ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={v} aria-invalid={errors.length > 0} aria-describedby={describedBy(id, errors, hint)} onChange={(e) => onChange(e.target.value)}>
        {!options.some((o) => o.value === v) && <option value={v}>{v === '' ? '—' : `${v} (unknown)`}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {hint && <div className="hint" id={`${id}-hint`}>{hint}</div>}
      <FieldErrors id={`${id}-err`} messages={errors} />
    </div>
  );
}

/** A fieldset of boolean flags (warfare types, special events, conditions). */
export function FlagGroup({ anchor, label, errors, keys, value, onChange, names }: Common & {
  keys: readonly string[]; value: unknown; onChange: (next: Record<string, boolean>) => void; names?: Record<string, string>;
}) {
  const id = fieldId(anchor);
  const map = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return (
    <fieldset className={`flags${errors.length > 0 ? ' invalid' : ''}`} id={id} aria-describedby={errors.length > 0 ? `${id}-err` : undefined}>
      <legend>{label}</legend>
      <div className="flag-grid">
        {keys.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox" checked={map[k] === true}
              onChange={(e) => {
                const next: Record<string, boolean> = {};
                for (const key of keys) next[key] = map[key] === true;
                next[k] = e.target.checked;
                onChange(next);
              }}
            />
            {names?.[k] ?? k.replace(/_/g, ' ')}
          </label>
        ))}
      </div>
      <FieldErrors id={`${id}-err`} messages={errors} />
    </fieldset>
  );
}
