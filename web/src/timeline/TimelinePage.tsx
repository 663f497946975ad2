import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { fetchJobPatients } from '../api/results.js';
import { plural } from '../app/format.js';
import { navigate } from '../app/router.js';
import { fmtInt, Notice } from '../app/ui.js';
import { JobPicker } from '../jobs/JobPicker.js';
import { getJob } from '../jobs/store.js';
import { buildModel, type Model } from './engine.js';
import { readItems, readText, type LoadResult, type ViewerPatient } from './input.js';
import { PatientRecord, type RecordSource } from './PatientRecord.js';
import { Viewer } from './Viewer.js';

interface Loaded {
  source: string;
  result: LoadResult;
  model: Model | null;
  /** The job the patients came from: records are then read from its patient-detail endpoint. */
  jobId?: string;
}

function RejectedList({ result }: { result: LoadResult }) {
  const ignored = Object.entries(result.ignoredEvents);
  if (result.rejected.length === 0 && ignored.length === 0) return null;
  return (
    <div className="card rejected" role="status">
      {result.rejected.length > 0 && (
        <details>
          <summary data-testid="rejected-count">
            <span aria-hidden="true">⚠ </span>{plural(result.rejected.length, 'entry', 'entries')} could not be shown
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
  const [record, setRecord] = useState<RecordSource | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);

  const show = useCallback((source: string, result: LoadResult, baseDate?: string, fromJob?: string) => {
    const meta = result.metadata?.base_date;
    const model = result.patients.length > 0 ? buildModel(result.patients, baseDate ?? (typeof meta === 'string' ? meta : undefined)) : null;
    setLoaded({ source, result, model, jobId: fromJob });
    setError(result.error ?? null);
  }, []);

  const openPatient = useCallback((p: ViewerPatient) => {
    const label = p.given || p.family ? `${p.given} ${p.family}` : `Patient ${p.id}`;
    const jobId = loaded?.jobId;
    setRecord(jobId && /^\d+$/.test(p.id) ? { label, jobId, patientId: p.id, raw: p.raw } : { label, raw: p.raw });
  }, [loaded?.jobId]);

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
        show(`${name} (job ${jobId.slice(0, 8)})`, readItems(items, 'results-page'), baseDate, jobId);
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
          <JobPicker id="timeline-job" value={jobId} onChange={(id) => navigate(id ? `/timeline?job=${encodeURIComponent(id)}` : '/timeline')} />
          <button type="button" onClick={() => void loadSample()} disabled={busy !== null}>Load sample</button>
          <button type="button" onClick={() => fileInput.current?.click()} disabled={busy !== null}>{loaded ? 'Load another file' : 'Load a file'}</button>
          <input ref={fileInput} type="file" accept=".json,.ndjson,.jsonl,.txt,application/json" className="sr-only" aria-label="Patient file"
            data-testid="file-input" onChange={(e) => { const f = e.target.files?.[0]; if (f) void loadFile(f); e.target.value = ''; }} />
        </div>
      </div>
      <p className="hint">Plays patients through the point of injury and Roles 1 to 4 over scenario time. Choose a completed job, load the sample,
        or drop a patient file written by medgen (JSON or NDJSON, from the command line or a job&apos;s download).</p>
      {busy && <p className="loading" role="status">{busy}</p>}
      {error && <Notice kind="error">{error}</Notice>}
      {loaded && (
        <>
          <p className="source">Showing <strong>{loaded.source}</strong>: <span data-testid="loaded-count">{fmtInt(loaded.result.patients.length)}</span> patients.</p>
          <RejectedList result={loaded.result} />
          {loaded.model && <Viewer key={`${loaded.source}-${loaded.model.count}-${loaded.model.originMs}`} model={loaded.model} onOpenPatient={openPatient} />}
        </>
      )}
      {record && <PatientRecord source={record} onClose={() => setRecord(null)} />}
    </section>
  );
}
