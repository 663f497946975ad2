import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { errorMessage, lastKeyLimits, resetKeyLimits, subscribeKeyLimits } from '../api/client.js';
import { refreshKeyInfo, useKeyInfo, type KeyInfo } from '../api/key-info.js';
import { Notice } from '../app/ui.js';
import { DEMO_KEY, maskKey, setApiKey, useApiKey } from './key-store.js';
import { useSignIn } from './signin.js';

const n = (v: number | null): string => (v === null ? 'unlimited' : v.toLocaleString('en-US'));

const KIND: Record<KeyInfo['kind'], string> = {
  owner: 'local owner key (admin)',
  demo: 'public demo key',
  operator: 'operator key (API_KEY, admin)',
  key: 'API key',
};

function KeyDetails({ info }: { info: KeyInfo }) {
  const used = (type: string) => info.windows.find((w) => w.type === type);
  const day = used('requests_per_day');
  return (
    <dl className="limits" data-testid="key-limits">
      <dt>Key</dt><dd>{info.name} — {KIND[info.kind]}{info.is_admin && info.kind === 'key' ? ' (admin)' : ''}, <code>{info.key_prefix}…</code></dd>
      <dt>Patients per request</dt>
      <dd>{n(info.max_patients)}{info.max_patients < info.limits.patients_per_request ? ' (the server\u2019s cap per job)' : ''}</dd>
      <dt>Generations and streams</dt>
      <dd>{n(info.limits.requests_per_minute)} a minute, {n(info.limits.requests_per_hour)} an hour, {n(info.limits.requests_per_day)} a day</dd>
      <dt>Used today</dt>
      <dd>{n(day?.used ?? 0)} of {n(info.limits.requests_per_day)} generations and streams; {n(info.patients_today)} of {n(info.limits.patients_per_day)} patients</dd>
      <dt>Reading jobs and results</dt><dd>{n(info.limits.reads_per_minute)} requests a minute (counted apart)</dd>
      {info.expires_at && <><dt>Expires</dt><dd>{info.expires_at.replace('T', ' ').slice(0, 16)} UTC</dd></>}
    </dl>
  );
}

export function SettingsPage() {
  const key = useApiKey();
  const signIn = useSignIn();
  const info = useKeyInfo();
  const [draft, setDraft] = useState('');
  const [show, setShow] = useState(false);
  const [check, setCheck] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const limits = useSyncExternalStore(subscribeKeyLimits, lastKeyLimits);

  useEffect(() => {
    if (key === '') return;
    const abort = new AbortController();
    refreshKeyInfo(abort.signal).catch(() => undefined);
    return () => abort.abort();
  }, [key]);

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
      await refreshKeyInfo();
      setCheck({ kind: 'ok', text: 'The server accepts this key.' });
    } catch (err) {
      setCheck({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <section className="page settings-page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {signIn.kind === 'pending' && <Notice kind="info">Signing in with the link from the server console…</Notice>}
      {signIn.kind === 'ok' && <Notice kind="ok">Signed in as the local owner: this browser now uses the owner key ({signIn.keyPrefix}…). The link cannot be used again.</Notice>}
      {signIn.kind === 'error' && <Notice kind="error">{signIn.message}</Notice>}
      <div className="card">
        <h2>API key</h2>
        <p>
          The key is kept in this browser&apos;s local storage and sent as the <code>X-API-Key</code> header. The public
          demo key allows 50 patients per request and 10 generations a minute.
        </p>
        <p>Current key: <strong data-testid="current-key">{key === '' ? 'none' : key === DEMO_KEY ? `demo key (${DEMO_KEY})` : maskKey(key)}</strong></p>
        {info ? <KeyDetails info={info} /> : limits.keyType && (
          <dl className="limits">
            <dt>Key type</dt><dd>{limits.keyType}</dd>
            <dt>Patients per request</dt><dd>{limits.patientLimit ?? 'unlimited'}</dd>
            <dt>Generations today</dt><dd>{limits.dailyUsage ?? '—'} of {limits.dailyLimit ?? '—'}</dd>
          </dl>
        )}
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
      </div>
      <div className="card">
        <h2>Getting another key</h2>
        <ul>
          <li>
            <strong>On the machine that runs the server:</strong> <code>npx medgen serve</code> prints a one-time link that
            signs a browser in with the local owner key; each start prints a new one.
          </li>
          <li>
            <strong>A key of your own:</strong> <code>npx medgen keys create --name &quot;Exercise control&quot;</code> prints
            a new key once (add <code>--patients 10000</code> and other limits as needed); works while the server runs.
          </li>
          <li>
            <strong>Over the API, with an admin key:</strong> <code>POST /api/v1/admin/keys/</code> with{' '}
            <code>{'{"name": "…", "limits": {"patients_per_request": 10000}}'}</code> (see <a href="/docs">/docs</a>).
          </li>
        </ul>
      </div>
    </section>
  );
}
