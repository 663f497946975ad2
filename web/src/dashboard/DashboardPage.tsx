import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { fetchJobPatients } from '../api/results.js';
import type { DashboardData, Job } from '../api/types.js';
import { linkClick, navigate } from '../app/router.js';
import { fmtInt, Notice } from '../app/ui.js';
import { getJob, loadJobs, useJobs } from '../jobs/store.js';
import { buildModel, clockLabel, facilityLoad } from '../timeline/engine.js';
import { readItems } from '../timeline/input.js';
import { ChartCard, downloadUrl } from './ChartCard.js';
import { countBars, keyedRows, loadLines, mapRows, outcomeBars, sankey, type Built } from './configs.js';
import { dashboardCsv } from './csv.js';

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
        setBuilt(loadLines(facilityLoad(model, 1), clockLabel));
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
  return <ChartCard id="facility-load" title="Facility load over time (patients present, hourly)" config={built.config} table={built.table} height={300} />;
}

export function DashboardPage({ jobId }: { jobId?: string }) {
  const { jobs } = useJobs();
  const [data, setData] = useState<DashboardData | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadJobs();
  }, []);

  useEffect(() => {
    setData(null);
    setError(null);
    if (!jobId) return;
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

  const charts = useMemo(() => {
    if (!data) return null;
    return {
      day: countBars(data.casualties_by_day.map((r) => ({ label: `Day ${r.day}`, count: r.count })), 'Casualties'),
      hour: countBars(data.casualties_by_hour.map((r) => ({ label: String(r.hour).padStart(2, '0'), count: r.count })), 'Casualties', '#0e7490'),
      triage: outcomeBars(mapRows(data.outcome_by_triage)),
      injury: outcomeBars(mapRows(data.outcome_by_injury_type)),
      front: outcomeBars(keyedRows(data.by_front)),
      nation: outcomeBars(keyedRows(data.by_nationality), true),
      flow: sankey(data),
    };
  }, [data]);

  const completed = jobs.filter((j) => j.status === 'completed');
  const exportCsv = () => {
    if (!data || !jobId) return;
    downloadUrl(`data:text/csv;charset=utf-8,${encodeURIComponent(dashboardCsv(data))}`, `dashboard_${jobId}.csv`);
  };
  const s = data?.summary;
  const name = typeof job?.config?.name === 'string' ? job.config.name : undefined;
  const baseDate = typeof job?.config?.base_date === 'string' ? job.config.base_date : undefined;

  return (
    <section className="page dashboard-page" aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">Dashboard{name ? `: ${name}` : ''}</h1>
        <div className="row">
          <label htmlFor="dashboard-job">Job</label>
          <select id="dashboard-job" value={jobId ?? ''} onChange={(e) => navigate(e.target.value ? `/dashboard?job=${encodeURIComponent(e.target.value)}` : '/dashboard')}>
            <option value="">— choose a completed job —</option>
            {jobId && !completed.some((j) => j.job_id === jobId) && <option value={jobId}>{jobId.slice(0, 8)}</option>}
            {completed.map((j) => <option key={j.job_id} value={j.job_id}>{String(j.config?.name ?? 'Scenario')} · {j.job_id.slice(0, 8)}</option>)}
          </select>
          <button type="button" onClick={exportCsv} disabled={!data}>Export CSV</button>
          {jobId && <a className="button secondary" href={`/timeline?job=${encodeURIComponent(jobId)}`} onClick={linkClick}>Open timeline</a>}
        </div>
      </div>
      {!jobId && <p>Choose a completed job to see its charts.</p>}
      {error && <Notice kind="error">{error}</Notice>}
      {jobId && !data && !error && <p className="loading" role="status">Loading…</p>}
      {s && charts && (
        <>
          <div className="tiles" aria-label="Totals">
            <div className="tile"><span>Patients</span><strong data-testid="total-patients">{fmtInt(s.total_patients)}</strong></div>
            <div className="tile kia"><span>KIA</span><strong data-testid="total-kia">{fmtInt(s.kia)}</strong></div>
            <div className="tile dow"><span>DOW</span><strong data-testid="total-dow">{fmtInt(s.dow)}</strong></div>
            <div className="tile rtd"><span>RTD</span><strong data-testid="total-rtd">{fmtInt(s.rtd)}</strong></div>
            <div className="tile remains"><span>Remains at R4</span><strong data-testid="total-remains">{fmtInt(s.remains_role4)}</strong></div>
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
          <ChartCard id="patient-flow" title="Patient flow: POI → R1 → … → outcome" config={charts.flow.config} table={charts.flow.table} height={380} />
          {jobId && <FacilityLoad jobId={jobId} total={s.total_patients} baseDate={baseDate} />}
        </>
      )}
    </section>
  );
}
