/** Output formats, compression, encryption (password kept in memory only) and priority. */
import type { GenerationRequest } from '../api/types.js';
import { FieldErrors } from '../app/ui.js';
import { CARD_LAYOUTS, FORMATS, type CardLayoutId } from './output-choices.js';

export { CARD_LAYOUTS, FORMATS, type CardLayoutId } from './output-choices.js';

export interface OutputState {
  formats: string[];
  compression: boolean;
  encryption: boolean;
  /** Never stored: lives in this page's memory and is cleared after a submit. */
  password: string;
  priority: 'low' | 'normal' | 'high';
  /** Used only when cards are among the formats. */
  cardLayout: CardLayoutId;
}

export const DEFAULT_OUTPUT: OutputState = { formats: ['json'], compression: false, encryption: false, password: '', priority: 'normal', cardLayout: 'a4' };

/** The output part of a generation request: `card_layout` only when cards are asked for. */
export function outputRequest(o: OutputState): Pick<GenerationRequest, 'output_formats' | 'use_compression' | 'use_encryption' | 'encryption_password' | 'priority' | 'card_layout'> {
  return {
    output_formats: o.formats, use_compression: o.compression, use_encryption: o.encryption, priority: o.priority,
    ...(o.encryption ? { encryption_password: o.password } : {}),
    ...(o.formats.includes('cards-pdf') ? { card_layout: o.cardLayout } : {}),
  };
}

export function outputProblems(o: OutputState): { formats: string[]; password: string[] } {
  return {
    formats: o.formats.length === 0 ? ['choose at least one output format'] : [],
    password: o.encryption && o.password.length < 8 ? ['the encryption password needs at least 8 characters'] : [],
  };
}

/** How to open encrypted files: the command, and the format for other tools. */
export function DecryptHelp() {
  return (
    <details className="decrypt-help" data-testid="decrypt-help">
      <summary>How to decrypt the files</summary>
      <p>Each file in the downloaded ZIP ends in <code>.enc</code> (or the ZIP itself, <code>patients.zip.enc</code>, from the CLI). Decrypt
        one with the medgen command line, which reads the password from <code>MEDGEN_PASSWORD</code> (or asks for it):</p>
      <pre className="command"><code>MEDGEN_PASSWORD=&apos;your password&apos; npx medgen decrypt patients.csv.enc{'\n'}# writes patients.csv beside it; --out FILE or --out - to choose</code></pre>
      <p>
        Format (MEDGEN1): the text <code>MEDGEN1</code>, a 16-byte salt, a 12-byte IV, the AES-256-GCM ciphertext and its 16-byte tag; the key
        is PBKDF2-HMAC-SHA256 of the password with that salt, 600,000 rounds, 32 bytes.{' '}
        <a href={ENCRYPTION_DOC} target="_blank" rel="noreferrer">The encrypted file format</a> in full.
      </p>
    </details>
  );
}

/** The format notes, served with the UI (web/public/encryption-format.html). */
export const ENCRYPTION_DOC = '/encryption-format.html';

export function OutputOptions({ value, onChange }: { value: OutputState; onChange: (o: OutputState) => void }) {
  const problems = outputProblems(value);
  return (
    <div className="output card">
      <h2>Output</h2>
      <fieldset className={`flags${problems.formats.length > 0 ? ' invalid' : ''}`} id="f-output_formats" aria-describedby={problems.formats.length ? 'f-output_formats-err' : undefined}>
        <legend>Formats</legend>
        <div className="flag-grid">
          {FORMATS.map((f) => (
            <label key={f.id} className="check">
              <input type="checkbox" checked={value.formats.includes(f.id)} onChange={(e) => onChange({
                ...value, formats: e.target.checked ? [...value.formats, f.id] : value.formats.filter((x) => x !== f.id),
              })} />
              {f.label}
            </label>
          ))}
        </div>
        <FieldErrors id="f-output_formats-err" messages={problems.formats} />
      </fieldset>
      {value.formats.includes('cards-pdf') && (
        <div className="field">
          <label htmlFor="f-card_layout">Card layout</label>
          <select id="f-card_layout" value={value.cardLayout} onChange={(e) => onChange({ ...value, cardLayout: e.target.value as CardLayoutId })}>
            {CARD_LAYOUTS.map((l) => <option key={l.id} value={l.id}>{l.label}</option>)}
          </select>
        </div>
      )}
      <label className="check"><input type="checkbox" checked={value.compression} onChange={(e) => onChange({ ...value, compression: e.target.checked })} />Compress files (gzip)</label>
      <label className="check"><input type="checkbox" checked={value.encryption} onChange={(e) => onChange({ ...value, encryption: e.target.checked, password: e.target.checked ? value.password : '' })} />Encrypt files (AES-256-GCM)</label>
      {value.encryption && (
        <div className={`field${problems.password.length > 0 ? ' invalid' : ''}`}>
          <label htmlFor="f-encryption_password">Encryption password</label>
          <input id="f-encryption_password" type="password" autoComplete="new-password" value={value.password}
            aria-invalid={problems.password.length > 0} aria-describedby="f-encryption_password-hint f-encryption_password-err"
            onChange={(e) => onChange({ ...value, password: e.target.value })} />
          <div className="hint" id="f-encryption_password-hint">
            Not stored anywhere (the server forgets it when the job ends): keep it safe, the files cannot be opened without it.
          </div>
          <DecryptHelp />
          <FieldErrors id="f-encryption_password-err" messages={problems.password} />
        </div>
      )}
      <div className="field">
        <label htmlFor="f-priority">Priority</label>
        <select id="f-priority" value={value.priority} onChange={(e) => onChange({ ...value, priority: e.target.value as OutputState['priority'] })}>
          <option value="low">low</option><option value="normal">normal</option><option value="high">high</option>
        </select>
      </div>
    </div>
  );
}
