import { useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { fetchJobPatients } from '../api/results.js';
import type { DashboardData, Job } from '../api/types.js';
import { injuryTypeLabel, outcomeLabel, plural, scenarioDateTime } from '../app/format.js';
import { linkClick, navigate } from '../app/router.js';
import { fmtInt, formatBytes, Notice } from '../app/ui.js';
import { jobName } from '../jobs/describe.js';
import { JobPicker } from '../jobs/JobPicker.js';
import { getJob } from '../jobs/store.js';
import { buildModel, facilityLoad } from '../timeline/engine.js';
import { readItems } from '../timeline/input.js';
import { Bands } from './Bands.js';
import { ChartCard, downloadUrl } from './ChartCard.js';
import { countBars, keyedRows, loadLines, mapRows, outcomeBars, outcomeKeys, sankey, type Built } from './configs.js';
import { dashboardCsv } from './csv.js';
import type { FileDashboard, Progress } from './file-aggregate.js';
import { dashboardOfFile, emptyReason } from './file-dashboard.js';

/** Above this many patients the load chart is computed only on request (it reads every patient). */
const AUTO_LOAD_LIMIT = 20_000;

function FacilityLoad({ jobId, total, baseDate }: { jobId: string; total: number; baseDate?: string }) {
  const [built, setBuilt] = useState<Built | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [start, setStart] = useState(total <= AUTO_LOAD_LIMIT);
  useEffect(() => {
    if (!start) return;
    const controller = new AbortController();
    setState('Reading patients…');
    fetchJobPatients(jobId, (done, all) => setState(`Reading patients: ${fmtInt(done)} of ${fmtInt(all)}`), controller.signal)
      .then((items) => {
        const model = buildModel(readItems(items, 'results-page').patients, baseDate);
        setBuilt(loadLines(facilityLoad(model, 1), (t) => scenarioDateTime(model.originMs, t)));
        setState(null);
      }, (err: unknown) => { if (!controller.signal.aborted) setState(`The facility load could not be computed: ${errorMessage(err)}`); });
    return () => controller.abort();
  }, [jobId, start, baseDate]);
  if (!start) {
    return (
      <div className="card">
        <h2>Facility load over time</h2>
        <p>Computed from every patient&apos;s timeline ({fmtInt(total)} patients).</p>
        <button type="button" onClick={() => setStart(true)}>Compute facility load</button>
      </div>
    );
  }
  if (!built) return <div className="card"><h2>Facility load over time</h2><p className="loading" role="status">{state}</p></div>;
  return <ChartCard id="facility-load" title="Facility load over time (patients present, hourly, UTC)" config={built.config} table={built.table} height={300} />;
}

const TILE_ID: Record<string, string> = { KIA: 'kia', DOW: 'dow', RTD: 'rtd', Remains_Role4: 'remains', Died_DNBI: 'dnbi' };

/** Totals and every chart of one set of aggregates (a job's or a file's). */
function Charts({ data }: { data: DashboardData }) {
  const charts = useMemo(() => {
    const outcomes = outcomeKeys(data);
    return {
      outcomes,
      day: countBars(data.casualties_by_day.map((r) => ({ label: `Day ${r.day}`, count: r.count })), 'Casualties'),
      hour: countBars(data.casualties_by_hour.map((r) => ({ label: String(r.hour).padStart(2, '0'), count: r.count })), 'Casualties', '#0e7490'),
      triage: outcomeBars(mapRows(data.outcome_by_triage), outcomes),
      injury: outcomeBars(mapRows(data.outcome_by_injury_type, injuryTypeLabel), outcomes),
      front: outcomeBars(keyedRows(data.by_front), outcomes),
      nation: outcomeBars(keyedRows(data.by_nationality), outcomes, true),
      flow: sankey(data),
    };
  }, [data]);
  const s = data.summary;
  const by = s.by_final_status as Partial<Record<string, number>>;
  return (
    <>
      <div className="tiles" aria-label="Totals">
        <div className="tile"><span>Patients</span><strong data-testid="total-patients">{fmtInt(s.total_patients)}</strong></div>
        {charts.outcomes.map((o) => (
          <div key={o} className={`tile ${TILE_ID[o] ?? ''}`}><span>{outcomeLabel(o)}</span><strong data-testid={`total-${TILE_ID[o] ?? o}`}>{fmtInt(by[o] ?? 0)}</strong></div>
        ))}
      </div>
      <div className="charts">
        <ChartCard id="casualties-per-day" title="Casualties per day" config={charts.day.config} table={charts.day.table} />
        <ChartCard id="casualties-per-hour" title="Casualties per hour of day (UTC)" config={charts.hour.config} table={charts.hour.table} />
        <ChartCard id="outcome-by-triage" title="Outcome by triage" config={charts.triage.config} table={charts.triage.table} />
        <ChartCard id="outcome-by-injury" title="Outcome by injury type" config={charts.injury.config} table={charts.injury.table} />
        <ChartCard id="outcome-by-front" title="Outcome by front" config={charts.front.config} table={charts.front.table} />
        <ChartCard id="outcome-by-nationality" title="Outcome by nationality" config={charts.nation.config} table={charts.nation.table}
          height={Math.max(240, data.by_nationality.length * 26)} />
      </div>
      <ChartCard id="patient-flow" title="Patient flow: point of injury → Role 1 → … → outcome" config={charts.flow.config} table={charts.flow.table} height={380} />
      <Bands bands={(data as { bands?: unknown }).bands} />
    </>
  );
}

interface FileState {
  name: string;
  bytes: number;
  progress?: Progress;
  result?: FileDashboard;
  error?: string;
}

function FileLoad({ result }: { result: FileDashboard }) {
  const built = useMemo(() => loadLines(result.load, (t) => scenarioDateTime(result.originMs, t)), [result]);
  if (result.load.length === 0) return null;
  return <ChartCard id="facility-load" title="Facility load over time (patients present, hourly, UTC)" config={built.config} table={built.table} height={300} />;
}

export function DashboardPage({ jobId }: { jobId?: string }) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<FileState | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileAbort = useRef<AbortController | null>(null);

  useEffect(() => () => fileAbort.current?.abort(), []);

  useEffect(() => {
    setData(null);
    setError(null);
    if (!jobId) return;
    fileAbort.current?.abort();
    setFile(null);
    const controller = new AbortController();
    const id = encodeURIComponent(jobId);
    Promise.all([
      api<DashboardData>(`/api/v1/visualizations/dashboard-data?job_id=${id}`, { signal: controller.signal }),
      getJob(jobId, controller.signal),
    ]).then(([d, j]) => { setData(d); setJob(j); }, (err: unknown) => {
      if (!controller.signal.aborted) setError(`The dashboard data could not be loaded: ${errorMessage(err)}`);
    });
    return () => controller.abort();
  }, [jobId]);

  const openFile = (f: File) => {
    fileAbort.current?.abort();
    const controller = new AbortController();
    fileAbort.current = controller;
    if (jobId) navigate('/dashboard');
    setFile({ name: f.name, bytes: f.size });
    dashboardOfFile(f, (progress) => setFile((s) => (s && s.name === f.name ? { ...s, progress } : s)), controller.signal).then((result) => {
      const empty = emptyReason(result);
      setFile({ name: f.name, bytes: f.size, result: empty ? undefined : result, error: empty ? `${f.name}: ${empty}` : undefined });
    }, (err: unknown) => {
      if (!controller.signal.aborted) setFile({ name: f.name, bytes: f.size, error: `${f.name} could not be read: ${errorMessage(err)}` });
    });
  };

  const shown = jobId ? data : file?.result?.data ?? null;
  const exportCsv = () => {
    if (!shown) return;
    const base = jobId ?? (file?.name.replace(/\.[^.]+$/, '') || 'file');
    downloadUrl(`data:text/csv;charset=utf-8,${encodeURIComponent(dashboardCsv(shown))}`, `dashboard_${base}.csv`);
  };
  const name = jobId ? (job ? jobName(job) : undefined) : file?.result ? file.name : undefined;
  const baseDate = typeof job?.config?.base_date === 'string' ? job.config.base_date : undefined;
  const p = file?.progress;
  const pct = p && p.total > 0 ? Math.min(100, Math.round((p.bytes / p.total) * 100)) : 0;

  return (
    <section
      className={`page dashboard-page${dragging ? ' dragging' : ''}`} aria-labelledby="dashboard-title"
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)}
      onDrop={(e) => { e.preventDefault(); setDragging(false); const f = e.dataTransfer.files[0]; if (f) openFile(f); }}
    >
      <div className="page-head">
        <h1 id="dashboard-title">Dashboard{name ? `: ${name}` : ''}</h1>
        <div className="row">
          <JobPicker id="dashboard-job" value={jobId} onChange={(id) => navigate(id ? `/dashboard?job=${encodeURIComponent(id)}` : '/dashboard')} />
          <button type="button" onClick={() => fileInput.current?.click()}>Open a file</button>
          <input ref={fileInput} type="file" accept=".json,.ndjson,.jsonl,.txt,application/json" className="sr-only" aria-label="Patient file for the dashboard"
            data-testid="dashboard-file-input" onChange={(e) => { const f = e.target.files?.[0]; if (f) openFile(f); e.target.value = ''; }} />
          <button type="button" onClick={exportCsv} disabled={!shown}>Export CSV</button>
          {jobId && <a className="button secondary" href={`/timeline?job=${encodeURIComponent(jobId)}`} onClick={linkClick}>Open timeline</a>}
        </div>
      </div>
      {!jobId && !file && (
        <p className="drop-hint">Choose a completed job, or drop a patient file here (JSON or NDJSON as <code>medgen generate</code> and a job&apos;s
          download write them; 100,000 patients and more are read in the background).</p>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {jobId && !data && !error && <p className="loading" role="status">Loading…</p>}
      {file && !file.result && !file.error && (
        <div className="card" role="status" data-testid="file-progress">
          <p>Reading <strong>{file.name}</strong> ({formatBytes(file.bytes)}): {pct} % · {plural(p?.patients ?? 0, 'patient')} so far</p>
          <progress max={100} value={pct} aria-label={`Reading ${file.name}`} />
        </div>
      )}
      {file?.error && <Notice kind="error">{file.error}</Notice>}
      {file?.result && (
        <p className="source" data-testid="file-source">
          From <strong>{file.name}</strong>: {plural(file.result.data.summary.total_patients, 'patient')}
          {file.result.rejectedCount > 0 && <> · <span className="bad-text">{plural(file.result.rejectedCount, 'entry', 'entries')} could not be counted
            (first: {file.result.rejected[0]?.label} {file.result.rejected[0]?.reason})</span></>}
        </p>
      )}
      {shown && <Charts data={shown} />}
      {jobId && data && <FacilityLoad jobId={jobId} total={data.summary.total_patients} baseDate={baseDate} />}
      {!jobId && file?.result && <FileLoad result={file.result} />}
    </section>
  );
}
