/** "Edit as JSON": the same scenario as text; every valid edit updates the form. */
import { useEffect, useRef, useState } from 'react';
import { FieldErrors } from '../app/ui.js';
import { isObject, type Issue, type ScenarioJson } from './scenario-model.js';

export function JsonEditor({ scenario, onChange, syntaxError, onSyntaxError, issues }: {
  scenario: ScenarioJson; onChange: (s: ScenarioJson) => void; syntaxError: string | null; onSyntaxError: (e: string | null) => void; issues: readonly Issue[];
}) {
  const [text, setText] = useState(() => JSON.stringify(scenario, null, 2));
  const emitted = useRef<ScenarioJson | null>(null);
  useEffect(() => {
    // Re-format only for changes made elsewhere (preset, loaded configuration), not for our own.
    if (scenario !== emitted.current) setText(JSON.stringify(scenario, null, 2));
  }, [scenario]);

  const edit = (t: string) => {
    setText(t);
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (err) {
      onSyntaxError(`The JSON does not parse: ${(err as Error).message}`);
      return;
    }
    if (!isObject(value)) {
      onSyntaxError('The scenario must be a JSON object ({ … })');
      return;
    }
    onSyntaxError(null);
    emitted.current = value;
    onChange(value);
  };

  return (
    <div className="json-editor">
      <label htmlFor="scenario-json">Scenario JSON</label>
      <textarea
        id="scenario-json" spellCheck={false} value={text} rows={28} aria-invalid={syntaxError !== null || issues.length > 0}
        aria-describedby="scenario-json-problems" onChange={(e) => edit(e.target.value)}
      />
      <div id="scenario-json-problems">
        {syntaxError !== null && <FieldErrors messages={[syntaxError]} />}
        {syntaxError === null && issues.length === 0 && <p className="ok-text"><span aria-hidden="true">✓ </span>Valid scenario</p>}
        {syntaxError === null && <FieldErrors messages={issues.map((i) => `${i.path || '(scenario)'}: ${i.message}`)} />}
      </div>
    </div>
  );
}
