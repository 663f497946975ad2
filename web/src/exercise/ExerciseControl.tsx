import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { readEventStream } from '../api/sse.js';
import { Notice } from '../app/ui.js';
import { PatientRecord } from './PatientRecord.js';
import { countdown, describeEvent, ENDED, offsetNow, ROLES, scenarioClock, SPEEDS, tPlus, type Exercise, type FeedEvent, type Subscription } from './model.js';

/** The newest released events kept on the page (the feed itself holds them all). */
const SHOWN = 200;

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** Reads the run once a second, follows its events over SSE (resuming after the last seq), and its subscribers. */
function useExercise(runId: string) {
  const [run, setRun] = useState<Exercise | null>(null);
  const [events, setEvents] = useState<FeedEvent[]>([]);
  const [received, setReceived] = useState(0);
  const [subs, setSubs] = useState<Subscription[]>([]);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/v1/exercises/${encodeURIComponent(runId)}`;

  useEffect(() => {
    const refresh = (): void => {
      void api<Exercise>(base).then(setRun, (err: unknown) => setError(errorMessage(err)));
      void api<Subscription[]>(`${base}/subscriptions`).then(setSubs, () => undefined);
    };
    refresh();
    const t = setInterval(refresh, 1_000);
    return () => clearInterval(t);
  }, [base]);

  useEffect(() => {
    const abort = new AbortController();
    let last = 0;
    let done = false;
    const follow = async (): Promise<void> => {
      while (!abort.signal.aborted && !done) {
        try {
          await readEventStream(`${base}/events?last_event_id=${last}`, (e) => {
            if (e.event === 'end') done = true;
            if (e.event !== 'casualty') return;
            const ev = JSON.parse(e.data) as FeedEvent;
            last = ev.seq;
            setReceived((n) => n + 1);
            setEvents((list) => [ev, ...list].slice(0, SHOWN));
          }, abort.signal);
        } catch (err) {
          if (abort.signal.aborted) return;
          setError(errorMessage(err));
        }
        if (!done) await new Promise((r) => setTimeout(r, 1_000));
      }
    };
    void follow();
    return () => abort.abort();
  }, [base]);

  return { run, setRun, events, received, subs, error, setError, base };
}

export function ExerciseControl({ runId }: { runId: string }) {
  const { run, setRun, events, received, subs, error, setError, base } = useExercise(runId);
  const now = useNow();
  const [jumpTo, setJumpTo] = useState('');
  const [skip, setSkip] = useState(false);
  const [patient, setPatient] = useState<number | null>(null);
  const busy = useRef(false);

  async function control(op: string, json?: unknown): Promise<void> {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    try {
      setRun(await api<Exercise>(`${base}/${op}`, { method: 'POST', ...(json === undefined ? {} : { json }) }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      busy.current = false;
    }
  }

  if (!run) return error ? <Notice kind="error">{error}</Notice> : <p className="loading">Loading…</p>;
  const offset = Math.min(offsetNow(run, now), Date.parse(run.scenario_end) / 1000 - Date.parse(run.scenario_start) / 1000);
  const ended = ENDED.has(run.status);
  const c = run.counts;

  return (
    <div className="exercise-control">
      {error && <Notice kind="error">{error}</Notice>}
      <section className="card exercise-clock" aria-label="Exercise clock">
        <h2>{run.name} <span className="badge" data-testid="exercise-status">{run.status}</span></h2>
        <dl className="clock">
          <div><dt>Scenario time</dt><dd data-testid="scenario-offset">{tPlus(offset)}</dd><dd className="small">{scenarioClock(run.scenario_start, offset)}</dd></div>
          <div><dt>Wall time</dt><dd>{new Date(now).toISOString().slice(11, 19)}Z</dd><dd className="small">StartEx {run.start_at.slice(0, 16).replace('T', ' ')}Z</dd></div>
          <div><dt>Speed</dt><dd>×{run.speed}</dd></div>
          <div><dt>Released</dt><dd data-testid="released-count">{run.released}</dd><dd className="small">of {run.total_events}{run.skipped > 0 ? `, ${run.skipped} skipped` : ''}</dd></div>
        </dl>
        <div className="controls">
          {run.status === 'running' && <button type="button" onClick={() => void control('pause')}>Pause</button>}
          {run.status === 'paused' && <button type="button" onClick={() => void control('resume')}>Play</button>}
          <label>Speed
            <select aria-label="Speed" value={run.speed} disabled={ended} onChange={(e) => void control('speed', { speed: Number(e.target.value) })}>
              {[...new Set([...SPEEDS, run.speed])].sort((a, b) => a - b).map((s) => <option key={s} value={s}>×{s}</option>)}
            </select>
          </label>
          <form onSubmit={(e) => { e.preventDefault(); void control('jump', { to: jumpTo, skipped: skip ? 'skip' : 'release' }); }}>
            <label>Jump to <input aria-label="Jump to" value={jumpTo} placeholder="T+06:00" disabled={ended} onChange={(e) => setJumpTo(e.target.value)} /></label>
            <label><input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} /> skip the events in between</label>
            <button type="submit" disabled={ended || jumpTo === ''}>Jump</button>
          </form>
          {!ended && <button type="button" className="danger" onClick={() => void control('stop')}>Stop</button>}
        </div>
      </section>

      <div className="exercise-grid">
        <section className="card" aria-label="Casualties now">
          <h2>Casualties now</h2>
          <table className="counts">
            <tbody>
              <tr><th scope="row">Awaiting discovery</th><td data-testid="count-awaiting">{c.awaiting_discovery}</td></tr>
              {ROLES.map((r) => <tr key={r}><th scope="row">At {r}</th><td data-testid={`count-${r}`}>{c.at_role[r] ?? 0}</td></tr>)}
              <tr><th scope="row">In transit</th><td data-testid="count-transit">{c.in_transit}</td></tr>
              <tr><th scope="row">Dead</th><td data-testid="count-dead">{c.dead}</td></tr>
              <tr><th scope="row">Returned to duty</th><td data-testid="count-rtd">{c.returned_to_duty}</td></tr>
            </tbody>
          </table>
        </section>
        <section className="card" aria-label="Next injects">
          <h2>Next injects</h2>
          {run.next_injects.length === 0 ? <p className="small">No more injects.</p> : (
            <ol className="injects">
              {run.next_injects.map((i) => (
                <li key={i.casualty_event_id}>
                  <strong>{countdown(i.due_at, now)}</strong> · {tPlus(i.offset_seconds)} · {i.front} · {i.casualties === 1 ? '1 casualty' : `${i.casualties} casualties`}
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="card" aria-label="Subscribers">
          <h2>Subscribers</h2>
          {subs.length === 0 ? <p className="small">No webhooks. SSE clients follow <code>{base}/events</code>.</p> : (
            <table>
              <thead><tr><th>URL</th><th>Status</th><th>Delivered</th><th>Queued</th><th>Dead</th><th>Last</th></tr></thead>
              <tbody>
                {subs.map((s) => (
                  <tr key={s.id}>
                    <td className="mono small">{s.url}</td><td>{s.status}</td><td>{s.health.delivered}</td><td>{s.health.pending}</td><td>{s.health.dead}</td>
                    <td className="small">{s.health.last_status_code ?? s.health.last_error ?? '—'}{s.health.last_attempt_at ? ` at ${s.health.last_attempt_at.slice(11, 19)}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="card" aria-label="Released events">
        <h2>Released events <span className="small" data-testid="events-received">{received}</span></h2>
        <ol className="feed" reversed>
          {events.map((e) => (
            <li key={e.seq}>
              <span className="mono">{tPlus(e.offset)}</span> <span className="badge">{e.role}</span>{' '}
              <button type="button" className="link" onClick={() => setPatient(e.patient_id)}>Casualty {e.patient_id}</button>{' '}
              ({e.nation}, {e.front}) {describeEvent(e)}
            </li>
          ))}
        </ol>
      </section>
      {patient !== null && <PatientRecord base={base} patientId={patient} onClose={() => setPatient(null)} />}
    </div>
  );
}
