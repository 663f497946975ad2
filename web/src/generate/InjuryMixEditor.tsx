/** Three linked controls (slider + number) for the injury mix; the sum stays at 100 %. */
import { useEffect, useState } from 'react';
import { FieldErrors } from '../app/ui.js';
import { fieldId } from './fields.js';
import { MIX_LABELS, readMix, setLinked, toTenths, writeMix } from './injury-mix.js';

/** The shares as the form names them (the JSON keeps the v1 keys "Battle Injury" …). */
const SHOWN = ['Battle injury', 'Non-battle injury', 'Disease'];

export function InjuryMixEditor({ value, onChange, errors }: { value: unknown; onChange: (mix: Record<string, number>) => void; errors: readonly string[] }) {
  const reading = readMix(value);
  const tenths = toTenths(reading.percents);
  const sum = reading.percents.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const sumOk = Math.abs(sum - 100) <= 1;
  const id = fieldId('injury_mix');
  const [texts, setTexts] = useState<string[]>(() => tenths.map((t) => String(t / 10)));
  useEffect(() => {
    setTexts(toTenths(readMix(value).percents).map((t) => String(t / 10)));
  }, [value]);

  const change = (which: 0 | 1 | 2, percent: number) => onChange(writeMix(setLinked(tenths, which, percent), reading.fractions));

  return (
    <fieldset className={`mix${errors.length > 0 ? ' invalid' : ''}`} id={id} aria-describedby={errors.length > 0 ? `${id}-err` : undefined}>
      <legend>Injury mix</legend>
      {MIX_LABELS.map((label, i) => {
        const which = i as 0 | 1 | 2;
        const pct = (tenths[which] ?? 0) / 10;
        return (
          <div className="mix-row" key={label}>
            <label htmlFor={`${id}-${i}`}>{SHOWN[i]}</label>
            <input
              type="range" min={0} max={100} step={0.1} value={pct} aria-label={`${SHOWN[i] ?? label} share slider`}
              onChange={(e) => change(which, Number(e.target.value))}
            />
            <span className="mix-input">
              <input
                id={`${id}-${i}`} type="text" inputMode="decimal" value={texts[i] ?? ''} aria-describedby={`${id}-sum`}
                onChange={(e) => {
                  const t = e.target.value;
                  setTexts((old) => old.map((x, k) => (k === i ? t : x)));
                  const n = Number(t);
                  if (t.trim() !== '' && Number.isFinite(n)) change(which, n);
                }}
                onBlur={() => setTexts(tenths.map((t) => String(t / 10)))}
              />
              <span aria-hidden="true">%</span>
            </span>
          </div>
        );
      })}
      <output id={`${id}-sum`} className={`sum ${sumOk ? 'ok' : 'bad'}`} aria-live="polite">
        <span aria-hidden="true">{sumOk ? '✓ ' : '⚠ '}</span>Sum {Math.round(sum * 10) / 10} %{sumOk ? '' : ' — must be 100'}
      </output>
      <FieldErrors id={`${id}-err`} messages={errors} />
    </fieldset>
  );
}
