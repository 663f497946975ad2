/** Save and load scenarios through the configurations API, with version history. */
import { useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { SavedConfiguration } from '../api/types.js';
import { Notice } from '../app/ui.js';
import { useApiKey } from '../settings/key-store.js';
import { scenarioOfConfiguration, type ScenarioJson } from './scenario-model.js';

export interface LoadedConfiguration {
  id: string;
  name: string;
  version?: number;
}

const BASE = '/api/v1/configurations';
const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '');

export function ConfigurationsPanel({ scenario, valid, loaded, onLoad }: {
  scenario: ScenarioJson; valid: boolean; loaded: LoadedConfiguration | null; onLoad: (s: ScenarioJson, c: LoadedConfiguration) => void;
}) {
  const key = useApiKey();
  const [list, setList] = useState<SavedConfiguration[] | null>(null);
  const [versions, setVersions] = useState<SavedConfiguration[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await what();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const refresh = () => run(async () => setList(await api<SavedConfiguration[]>(`${BASE}/?limit=100`)));
  const asLoaded = (c: SavedConfiguration): LoadedConfiguration => ({ id: c.id, name: String(c.name ?? c.id), version: c.version });

  const saveNew = () => run(async () => {
    const c = await api<SavedConfiguration>(`${BASE}/`, { method: 'POST', json: scenario });
    onLoad(scenario, asLoaded(c));
    setMessage({ kind: 'ok', text: `Saved as “${c.name}” (version ${c.version ?? 1}).` });
    setList(await api<SavedConfiguration[]>(`${BASE}/?limit=100`));
  });

  const saveVersion = () => run(async () => {
    if (!loaded) return;
    const c = await api<SavedConfiguration>(`${BASE}/${encodeURIComponent(loaded.id)}`, { method: 'PUT', json: scenario });
    onLoad(scenario, asLoaded(c));
    setMessage({ kind: 'ok', text: `Saved version ${c.version ?? '?'} of “${c.name}”.` });
    setVersions(null);
  });

  const load = (c: SavedConfiguration) => run(async () => {
    const full = await api<SavedConfiguration>(`${BASE}/${encodeURIComponent(c.id)}`);
    onLoad(scenarioOfConfiguration(full), asLoaded(full));
    setMessage({ kind: 'ok', text: `Loaded “${full.name}” (version ${full.version ?? 1}).` });
  });

  const history = (c: LoadedConfiguration) => run(async () => {
    setVersions(await api<SavedConfiguration[]>(`${BASE}/${encodeURIComponent(c.id)}/versions`));
  });

  const remove = (c: SavedConfiguration) => run(async () => {
    await api(`${BASE}/${encodeURIComponent(c.id)}`, { method: 'DELETE' });
    setList((l) => l?.filter((x) => x.id !== c.id) ?? null);
  });

  return (
    <details className="configs card" onToggle={(e) => { if ((e.currentTarget as HTMLDetailsElement).open && list === null && key !== '') void refresh(); }}>
      <summary>Saved scenarios</summary>
      {key === '' && <p className="hint">Saving needs an API key (Settings).</p>}
      <div className="row">
        <button type="button" onClick={() => void saveNew()} disabled={busy || !valid || key === ''}>Save as new scenario</button>
        {loaded && <button type="button" onClick={() => void saveVersion()} disabled={busy || !valid}>Save as new version of “{loaded.name}”</button>}
        {loaded && <button type="button" className="secondary" onClick={() => void history(loaded)} disabled={busy}>Version history</button>}
        <button type="button" className="secondary" onClick={() => void refresh()} disabled={busy || key === ''}>Refresh list</button>
      </div>
      {!valid && <p className="hint">Fix the scenario&apos;s problems before saving it.</p>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {versions && (
        <table className="list">
          <caption>Versions of “{loaded?.name}”</caption>
          <thead><tr><th scope="col">Version</th><th scope="col">Saved</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr key={`${v.id}-${v.version}`}>
                <td>{v.version ?? '?'}</td><td>{when(v.updated_at ?? v.created_at)}</td>
                <td><button type="button" className="small" onClick={() => {
                  onLoad(scenarioOfConfiguration(v), asLoaded(v));
                  setMessage({ kind: 'ok', text: `Loaded version ${v.version ?? '?'}.` });
                }}>Load version {v.version}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list && list.length === 0 && <p className="hint">No saved scenarios yet.</p>}
      {list && list.length > 0 && (
        <table className="list">
          <caption>Saved scenarios</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Version</th><th scope="col">Saved</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td><td>{c.version ?? 1}</td><td>{when(c.updated_at ?? c.created_at)}</td>
                <td className="actions">
                  <button type="button" className="small" onClick={() => void load(c)} disabled={busy}>Load</button>
                  <button type="button" className="small danger" onClick={() => void remove(c)} disabled={busy} aria-label={`Delete ${c.name}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
