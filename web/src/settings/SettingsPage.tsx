import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { apiResponse, errorMessage, lastKeyLimits, resetKeyLimits, subscribeKeyLimits } from '../api/client.js';
import { Notice } from '../app/ui.js';
import { DEMO_KEY, maskKey, setApiKey, useApiKey } from './key-store.js';

export function SettingsPage() {
  const key = useApiKey();
  const [draft, setDraft] = useState('');
  const [show, setShow] = useState(false);
  const [check, setCheck] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const limits = useSyncExternalStore(subscribeKeyLimits, lastKeyLimits);

  const save = (value: string) => {
    setApiKey(value);
    resetKeyLimits();
    setDraft('');
    setCheck({ kind: 'ok', text: value === '' ? 'Key removed from this browser.' : 'Key saved in this browser.' });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim() !== '') save(draft);
  };

  const test = async () => {
    setCheck(null);
    try {
      await apiResponse('/api/v1/jobs/?limit=1');
      setCheck({ kind: 'ok', text: 'The server accepts this key.' });
    } catch (err) {
      setCheck({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <section className="page settings-page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <div className="card">
        <h2>API key</h2>
        <p>
          The key is kept in this browser&apos;s local storage and sent as the <code>X-API-Key</code> header. It is
          never fetched from the server. The public demo key allows 50 patients per request and 10 requests a minute.
        </p>
        <p>Current key: <strong data-testid="current-key">{key === '' ? 'none' : key === DEMO_KEY ? `demo key (${DEMO_KEY})` : maskKey(key)}</strong></p>
        <form onSubmit={submit} className="key-form">
          <label htmlFor="api-key-input">New API key</label>
          <div className="row">
            <input
              id="api-key-input" type={show ? 'text' : 'password'} autoComplete="off" spellCheck={false}
              value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="sk_live_…"
            />
            <button type="button" className="secondary" onClick={() => setShow((s) => !s)} aria-pressed={show}>{show ? 'Hide' : 'Show'}</button>
            <button type="submit" disabled={draft.trim() === ''}>Save key</button>
          </div>
        </form>
        <div className="row">
          <button type="button" onClick={() => save(DEMO_KEY)}>Use the demo key</button>
          <button type="button" className="secondary" onClick={() => void test()} disabled={key === ''}>Test the key</button>
          <button type="button" className="danger" onClick={() => save('')} disabled={key === ''}>Remove the key</button>
        </div>
        {check && <Notice kind={check.kind}>{check.text}</Notice>}
        {limits.keyType && (
          <dl className="limits">
            <dt>Key type</dt><dd>{limits.keyType}</dd>
            <dt>Patients per request</dt><dd>{limits.patientLimit ?? 'unlimited'}</dd>
            <dt>Requests today</dt><dd>{limits.dailyUsage ?? '—'} of {limits.dailyLimit ?? '—'}</dd>
          </dl>
        )}
      </div>
    </section>
  );
}
