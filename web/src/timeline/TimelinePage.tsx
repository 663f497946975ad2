import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { fetchJobPatients } from '../api/results.js';
import { fmtInt, Notice } from '../app/ui.js';
import { getJob } from '../jobs/store.js';
import { buildModel, type Model } from './engine.js';
import { readItems, readText, type LoadResult } from './input.js';
import { Viewer } from './Viewer.js';

interface Loaded {
  source: string;
  result: LoadResult;
  model: Model | null;
}

function RejectedList({ result }: { result: LoadResult }) {
  const ignored = Object.entries(result.ignoredEvents);
  if (result.rejected.length === 0 && ignored.length === 0) return null;
  return (
    <div className="card rejected" role="status">
      {result.rejected.length > 0 && (
        <details>
          <summary data-testid="rejected-count">
            <span aria-hidden="true">⚠ </span>{fmtInt(result.rejected.length)} {result.rejected.length === 1 ? 'entry' : 'entries'} could not be shown
          </summary>
          <ul>
            {result.rejected.slice(0, 200).map((r) => <li key={`${r.index}-${r.label}`}><strong>{r.label}</strong> {r.reason}</li>)}
          </ul>
          {result.rejected.length > 200 && <p className="hint">…and {fmtInt(result.rejected.length - 200)} more.</p>}
        </details>
      )}
      {ignored.length > 0 && <p className="hint">Skipped events of unknown types: {ignored.map(([k, n]) => `${k} (${n})`).join(', ')}.</p>}
    </div>
  );
}

export function TimelinePage({ jobId }: { jobId?: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);

  const show = useCallback((source: string, result: LoadResult, baseDate?: string) => {
    const meta = result.metadata?.base_date;
    const model = result.patients.length > 0 ? buildModel(result.patients, baseDate ?? (typeof meta === 'string' ? meta : undefined)) : null;
    setLoaded({ source, result, model });
    setError(result.error ?? null);
  }, []);

  const begin = (what: string): AbortSignal => {
    abort.current?.abort();
    abort.current = new AbortController();
    setBusy(what);
    setError(null);
    return abort.current.signal;
  };

  useEffect(() => {
    if (!jobId) return;
    const signal = begin('Loading the job…');
    void (async () => {
      try {
        const job = await getJob(jobId, signal);
        const items = await fetchJobPatients(jobId, (done, total) => setBusy(`Loading patients: ${fmtInt(done)} of ${fmtInt(total)}`), signal);
        const baseDate = typeof job.config?.base_date === 'string' ? job.config.base_date : '2025-06-01';
        const name = typeof job.config?.name === 'string' ? job.config.name : 'job';
        show(`${name} (job ${jobId.slice(0, 8)})`, readItems(items, 'results-page'), baseDate);
      } catch (err) {
        if (!signal.aborted) setError(`The job's results could not be loaded: ${errorMessage(err)}`);
      } finally {
        if (!signal.aborted) setBusy(null);
      }
    })();
    return () => abort.current?.abort();
  }, [jobId, show]);

  const loadFile = async (file: File) => {
    const signal = begin(`Reading ${file.name}…`);
    try {
      const text = await file.text();
      if (signal.aborted) return;
      show(file.name, readText(text));
    } catch (err) {
      setError(`${file.name} could not be read: ${errorMessage(err)}`);
    } finally {
      if (!signal.aborted) setBusy(null);
    }
  };

  const loadSample = async () => {
    const signal = begin('Loading the sample…');
    try {
      const res = await fetch('/sample-patients.json', { signal });
      if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
      show('Sample: NATO Article 5 defence, 250 patients', readText(await res.text()));
    } catch (err) {
      if (!signal.aborted) setError(`The sample could not be loaded: ${errorMessage(err)}`);
    } finally {
      if (!signal.aborted) setBusy(null);
    }
  };

  return (
    <section
      className={`page timeline-page${dragging ? ' dragging' : ''}`} aria-labelledby="timeline-title"
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)}
      onDrop={(e) => { e.preventDefault(); setDragging(false); const f = e.dataTransfer.files[0]; if (f) void loadFile(f); }}
    >
      <div className="page-head">
        <h1 id="timeline-title">Timeline</h1>
        <div className="row">
          <button type="button" onClick={() => void loadSample()} disabled={busy !== null}>Load sample</button>
          <button type="button" onClick={() => fileInput.current?.click()} disabled={busy !== null}>{loaded ? 'Load another file' : 'Load a file'}</button>
          <input ref={fileInput} type="file" accept=".json,.ndjson,.jsonl,.txt,application/json" className="sr-only" aria-label="Patient file"
            data-testid="file-input" onChange={(e) => { const f = e.target.files?.[0]; if (f) void loadFile(f); e.target.value = ''; }} />
        </div>
      </div>
      <p className="hint">Plays patients through POI → R1 → R2 → R3 → R4. Open a completed job from Jobs, load the sample, or drop a file: an array of
        patients, {'{metadata, patients}'}, NDJSON, or items wrapped as {'{patient: …}'}.</p>
      {busy && <p className="loading" role="status">{busy}</p>}
      {error && <Notice kind="error">{error}</Notice>}
      {loaded && (
        <>
          <p className="source">Showing <strong>{loaded.source}</strong>: <span data-testid="loaded-count">{fmtInt(loaded.result.patients.length)}</span> patients.</p>
          <RejectedList result={loaded.result} />
          {loaded.model && <Viewer key={`${loaded.source}-${loaded.model.count}-${loaded.model.originMs}`} model={loaded.model} />}
        </>
      )}
    </section>
  );
}
