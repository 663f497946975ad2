import { useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { PresetList } from '../api/types.js';
import { linkClick, navigate } from '../app/router.js';
import { Notice } from '../app/ui.js';
import { useApiKey } from '../settings/key-store.js';
import { ExerciseControl } from './ExerciseControl.js';
import { SPEEDS, tPlus, type Exercise } from './model.js';
import './exercise.css';

/** Start an exercise run: a preset (optionally fewer patients), a seed, a speed and StartEx. */
function StartForm({ onStarted }: { onStarted: (id: string) => void }) {
  const [presets, setPresets] = useState<PresetList | null>(null);
  const [preset, setPreset] = useState('training_exercise');
  const [patients, setPatients] = useState('');
  const [seed, setSeed] = useState('');
  const [speed, setSpeed] = useState('60');
  const [start, setStart] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { api<PresetList>('/api/v1/presets', { anonymous: true }).then(setPresets, (err: unknown) => setError(errorMessage(err))); }, []);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const scenario = (await api<{ generation_config: Record<string, unknown> }>(`/api/v1/presets/${encodeURIComponent(preset)}`, { anonymous: true })).generation_config;
      if (patients !== '') {
        delete scenario.count;
        scenario.total_patients = Number(patients);
      }
      const run = await api<Exercise>('/api/v1/exercises', {
        method: 'POST',
        json: { scenario, speed: Number(speed), ...(seed !== '' ? { seed: /^\d+$/.test(seed) ? Number(seed) : seed } : {}), ...(start !== '' ? { start: new Date(start).toISOString() } : {}) },
      });
      onStarted(run.id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card exercise-start" onSubmit={(e) => void submit(e)} aria-label="Start an exercise">
      <h2>Start an exercise</h2>
      <div className="form-row">
        <label>Scenario
          <select aria-label="Scenario" value={preset} onChange={(e) => setPreset(e.target.value)}>
            {presets?.presets.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.total_patients} patients)</option>)}
          </select>
        </label>
        <label>Patients <input aria-label="Patients" type="number" min={1} max={5000} placeholder="as the preset" value={patients} onChange={(e) => setPatients(e.target.value)} /></label>
        <label>Seed <input aria-label="Seed" value={seed} placeholder="random" onChange={(e) => setSeed(e.target.value)} /></label>
        <label>Speed
          <select aria-label="Speed" value={speed} onChange={(e) => setSpeed(e.target.value)}>{SPEEDS.map((s) => <option key={s} value={s}>×{s}</option>)}</select>
        </label>
        <label>StartEx <input aria-label="StartEx" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} /></label>
      </div>
      <button type="submit" disabled={busy}>Start exercise</button>
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

/** Exercise control: start runs, pick one, and run its clock (docs/exercise-feed.md). */
export function ExercisePage({ runId }: { runId?: string }) {
  const key = useApiKey();
  const [runs, setRuns] = useState<Exercise[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (key === '') return;
    let live = true;
    const load = (): void => { api<Exercise[]>('/api/v1/exercises?limit=10').then((r) => { if (live) setRuns(r); }, (err: unknown) => { if (live) setError(errorMessage(err)); }); };
    load();
    const t = setInterval(load, 5_000);
    return () => { live = false; clearInterval(t); };
  }, [key, runId]);

  return (
    <section className="page exercise-page" aria-labelledby="exercise-title">
      <div className="page-head"><h1 id="exercise-title">Exercise control</h1></div>
      {error && <Notice kind="error">{error}</Notice>}
      {runId ? <ExerciseControl key={runId} runId={runId} /> : <StartForm onStarted={(id) => navigate(`/exercise?run=${encodeURIComponent(id)}`)} />}
      {runs.length > 0 && (
        <nav className="card" aria-label="Exercise runs">
          <h2>Runs</h2>
          <ul className="exercise-runs">
            {runs.map((r) => (
              <li key={r.id}>
                <a href={`/exercise?run=${encodeURIComponent(r.id)}`} onClick={linkClick} aria-current={r.id === runId ? 'page' : undefined}>{r.name}</a>
                {' '}<span className="small">{r.status} · ×{r.speed} · {tPlus(r.offset_seconds)} · {r.released}/{r.total_events}</span>
              </li>
            ))}
          </ul>
          {runId && <a className="button small" href="/exercise" onClick={linkClick}>New exercise</a>}
        </nav>
      )}
    </section>
  );
}
