import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, api, errorMessage, lastKeyLimits, subscribeKeyLimits } from '../api/client.js';
import type { GenerationRequest, GenerationResponse, PresetList } from '../api/types.js';
import { navigate } from '../app/router.js';
import { fmtInt, plural } from '../app/format.js';
import { FieldErrors, Notice } from '../app/ui.js';
import { trackNewJob } from '../jobs/store.js';
import { useApiKey } from '../settings/key-store.js';
import { defaultScenario, ENVIRONMENTAL_CONDITIONS, INTENSITIES, scenarioToInput, SPECIAL_EVENTS, TEMPOS, WARFARE_TYPES } from '../../../src/engine/browser.js';
import { AdvancedSection } from './AdvancedSection.js';
import { ConfigurationsPanel, type LoadedConfiguration } from './ConfigurationsPanel.js';
import { FlagGroup, NumberField, SelectField, TextField } from './fields.js';
import { FrontsEditor } from './FrontsEditor.js';
import { InjuryMixEditor } from './InjuryMixEditor.js';
import { JsonEditor } from './JsonEditor.js';
import { useOutcomeEstimate } from './estimate.js';
import { OutputOptions, outputProblems, outputRequest, type OutputState } from './OutputOptions.js';
import { adjustDescription } from './description.js';
import { loadDraft, loadOutput, loadPresetId, saveDraft, saveOutput, savePresetId } from './form-state.js';
import { limitProblem, refreshKeyLimits, useKeyLimits } from './key-limits.js';
import { anchorIssues, getField, issueText, setField, stripRequestPrefix, validateScenario, type ScenarioJson, type Validation } from './scenario-model.js';
import { SummaryPanel } from './SummaryPanel.js';

const opts = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

function initialScenario(): ScenarioJson {
  const draft = loadDraft();
  if (draft) return draft;
  const s = scenarioToInput(defaultScenario());
  // The timing tables and rates are defaults: keep them out of the JSON until edited.
  delete s.facility_configs;
  delete s.evacuation_times;
  delete s.transit_times;
  return s;
}

export function GeneratePage() {
  const key = useApiKey();
  const limits = useSyncExternalStore(subscribeKeyLimits, lastKeyLimits);
  const keyLimits = useKeyLimits(key);
  const patientLimit = keyLimits?.info.max_patients ?? limits.patientLimit;
  const [now, setNow] = useState(() => Date.now());
  const [scenario, setScenario] = useState<ScenarioJson>(initialScenario);
  const [jsonMode, setJsonMode] = useState(false);
  const [syntaxError, setSyntaxError] = useState<string | null>(null);
  const [output, setOutput] = useState<OutputState>(loadOutput);
  const [presets, setPresets] = useState<PresetList | null>(null);
  const [presetId, setPresetId] = useState(loadPresetId);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<Validation | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [loaded, setLoaded] = useState<LoadedConfiguration | null>(null);
  const inFlight = useRef(false);

  useEffect(() => {
    api<PresetList>('/api/v1/presets', { anonymous: true }).then(setPresets, (err: unknown) => setLoadError(errorMessage(err)));
  }, []);

  // The scenario, the output options (never the password) and the preset survive a reload or a
  // visit to another page.
  useEffect(() => saveDraft(scenario), [scenario]);
  useEffect(() => saveOutput(output), [output]);
  useEffect(() => savePresetId(presetId), [presetId]);

  const validation = useMemo(() => validateScenario(scenario, { patientLimit }), [scenario, patientLimit]);
  const patients = getField(scenario, 'total_patients');
  const limitReason = limitProblem(keyLimits, typeof patients === 'number' ? patients : undefined, now);
  useEffect(() => {
    // While a window is used up, the reason counts down (no request: the reset time is known).
    if (!limitReason) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [limitReason]);
  const estimate = useOutcomeEstimate(scenario, validation.ok && key !== '');
  const outProblems = outputProblems(output);
  const errors = useCallback((anchor: string): readonly string[] => [
    ...(validation.at.get(anchor) ?? []), ...(serverIssues?.at.get(anchor) ?? []),
  ], [validation, serverIssues]);

  useEffect(() => {
    if (validation.advancedCount > 0) setAdvancedOpen(true);
  }, [validation.advancedCount]);

  const update = (s: ScenarioJson) => {
    setScenario(s);
    setServerIssues(null);
    setSubmitError(null);
  };
  const setF = (field: string) => (v: unknown) => {
    let next = setField(scenario, field, v);
    if ((field === 'days_of_fighting' || field === 'front_configs') && typeof next.description === 'string') {
      // A preset's text names its duration and fronts: keep it true to the values.
      const fronts = Array.isArray(next.front_configs) ? next.front_configs.length : undefined;
      next = setField(next, 'description', adjustDescription(next.description, { days: getField(next, 'days_of_fighting'), fronts }));
    }
    update(next);
  };

  const problemCount = validation.issues.length + (syntaxError ? 1 : 0);
  let reason = '';
  if (key === '') reason = 'Set an API key in Settings first.';
  else if (syntaxError) reason = syntaxError;
  else if (!validation.ok) {
    const first = validation.issues[0];
    reason = `Fix ${plural(problemCount, 'problem')} first — ${first ? issueText(first) : ''}`;
  } else if (outProblems.formats.length > 0) reason = `Output: ${outProblems.formats[0]}.`;
  else if (outProblems.password.length > 0) reason = `Encryption: ${outProblems.password[0]}.`;
  else if (limitReason) reason = limitReason;
  else if (submitting) reason = 'Submitting…';
  const canSubmit = reason === '';

  const submit = useCallback(async () => {
    if (!canSubmit || inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    setSubmitError(null);
    setServerIssues(null);
    const body: GenerationRequest = { configuration: scenario, ...outputRequest(output) };
    try {
      const res = await api<GenerationResponse>('/api/v1/generation/', { method: 'POST', json: body });
      const total = getField(scenario, 'total_patients');
      // The windows and the day's patients moved: ask again (a read, not a generation).
      void refreshKeyLimits();
      // Shown at once as the list will show it (output_formats is a field of the listed job).
      const job = {
        job_id: res.job_id, status: res.status, progress: 0,
        progress_details: { patients_generated: 0, total_patients: typeof total === 'number' ? total : undefined },
        config: scenario, output_formats: output.formats,
      };
      trackNewJob(job);
      setOutput((o) => ({ ...o, password: '' }));
      navigate(`/jobs?job=${encodeURIComponent(res.job_id)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.problems.length > 0) {
        setServerIssues(anchorIssues(err.problems.map((p) => ({ path: stripRequestPrefix(p.path), message: p.message })), scenario));
      }
      setSubmitError(errorMessage(err));
      // A refusal may mean the limits moved (another tab, the CLI): ask again.
      if (err instanceof ApiError && (err.status === 429 || err.status === 400)) void refreshKeyLimits();
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }, [canSubmit, scenario, output]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [submit]);

  const loadPreset = async (id: string) => {
    setPresetId(id);
    if (id === '') return;
    try {
      const r = await api<{ generation_config: ScenarioJson }>(`/api/v1/presets/${encodeURIComponent(id)}`, { anonymous: true });
      update(r.generation_config);
      setSyntaxError(null);
      setLoaded(null);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  };

  const general = errors('general');
  return (
    <section className="page generate-page" aria-labelledby="generate-title">
      <h1 id="generate-title">Generate patients</h1>
      <div className="generate-layout">
        <form className="scenario-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
          <div className="card toolbar">
            <div className="field">
              <label htmlFor="preset">Start from a preset</label>
              <select id="preset" value={presetId} onChange={(e) => void loadPreset(e.target.value)}>
                <option value="">— choose a preset —</option>
                {presets?.presets.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.total_patients} patients, {p.duration_days} days)</option>)}
              </select>
            </div>
            <label className="check toggle">
              <input type="checkbox" checked={jsonMode} disabled={jsonMode && syntaxError !== null} onChange={(e) => setJsonMode(e.target.checked)} />
              Edit as JSON
            </label>
            {loaded && <span className="hint">Editing saved scenario “{loaded.name}” v{loaded.version ?? 1}</span>}
          </div>
          {loadError && <Notice kind="error">{loadError}</Notice>}
          {general.length > 0 && <div className="card"><h2>Problems</h2><FieldErrors messages={general} /></div>}

          {jsonMode ? (
            <div className="card">
              <JsonEditor scenario={scenario} onChange={update} syntaxError={syntaxError} onSyntaxError={setSyntaxError} issues={validation.issues} />
            </div>
          ) : (
            <>
              <div className="card">
                <h2>Scenario</h2>
                <div className="grid-2">
                  <TextField anchor="name" label="Name" value={scenario.name} errors={errors('name')} onChange={setF('name')} maxLength={250} />
                  <TextField anchor="description" label="Description" value={scenario.description} errors={errors('description')} onChange={setF('description')} />
                </div>
                <div className="grid-4">
                  <NumberField anchor="total_patients" label="Patients" value={getField(scenario, 'total_patients')} errors={errors('total_patients')}
                    hint={patientLimit ? `Your key allows up to ${fmtInt(patientLimit)}` : undefined} onChange={setF('total_patients')} />
                  <NumberField anchor="days_of_fighting" label="Days of fighting" value={getField(scenario, 'days_of_fighting')} errors={errors('days_of_fighting')} onChange={setF('days_of_fighting')} />
                  <TextField anchor="base_date" label="Base date" type="date" value={scenario.base_date} errors={errors('base_date')} onChange={(v) => setF('base_date')(v === '' ? undefined : v)} />
                  <TextField anchor="seed" label="Seed (empty: random)" value={scenario.seed} errors={errors('seed')}
                    onChange={(v) => setF('seed')(v.trim() === '' ? undefined : /^-?\d+$/.test(v.trim()) && Number.isSafeInteger(Number(v)) ? Number(v) : v)} />
                </div>
                <div className="grid-4">
                  <SelectField anchor="intensity" label="Intensity" value={scenario.intensity} options={opts(INTENSITIES)} errors={errors('intensity')} onChange={setF('intensity')} />
                  <SelectField anchor="tempo" label="Tempo" value={scenario.tempo} options={opts(TEMPOS)} errors={errors('tempo')} onChange={setF('tempo')} />
                  <NumberField anchor="female_ratio" label="Female share (0–1)" value={scenario.female_ratio} errors={errors('female_ratio')} onChange={setF('female_ratio')} />
                  <label className="check"><input type="checkbox" checked={scenario.exact_quotas === true} onChange={(e) => setF('exact_quotas')(e.target.checked)} />Exact quotas</label>
                </div>
                <FieldErrors messages={errors('exact_quotas')} />
              </div>
              <div className="card">
                <FlagGroup anchor="warfare_types" label="Warfare types" keys={WARFARE_TYPES} names={{ cbrn: 'CBRN' }} value={scenario.warfare_types} errors={errors('warfare_types')} onChange={setF('warfare_types')} />
                <FlagGroup anchor="special_events" label="Special events" keys={SPECIAL_EVENTS} value={scenario.special_events} errors={errors('special_events')} onChange={setF('special_events')} />
                <FlagGroup anchor="environmental_conditions" label="Environmental conditions" keys={ENVIRONMENTAL_CONDITIONS} value={scenario.environmental_conditions} errors={errors('environmental_conditions')} onChange={setF('environmental_conditions')} />
              </div>
              <div className="card">
                <InjuryMixEditor value={getField(scenario, 'injury_mix')} errors={errors('injury_mix')} onChange={setF('injury_mix')} />
              </div>
              <div className="card">
                <h2>Fronts and nationalities</h2>
                <FrontsEditor value={scenario.front_configs} errors={errors} onChange={setF('front_configs')} />
              </div>
              <AdvancedSection s={scenario} onChange={update} errors={errors} open={advancedOpen} onToggle={setAdvancedOpen} />
            </>
          )}

          <OutputOptions value={output} onChange={setOutput} />
          <ConfigurationsPanel scenario={scenario} valid={validation.ok && syntaxError === null} loaded={loaded}
            onLoad={(s, c) => { update(s); setLoaded(c); setSyntaxError(null); }} />

          <div className="card submit-bar">
            <button type="submit" className="primary" disabled={!canSubmit} aria-describedby="generate-reason">
              {submitting ? 'Submitting…' : 'Generate'}
            </button>
            <span id="generate-reason" className={canSubmit ? 'hint' : 'bad-text'} data-testid="generate-reason" aria-live="polite">
              {canSubmit ? 'Ctrl+Enter also generates.' : reason}
            </span>
            {submitError && <Notice kind="error">{submitError}</Notice>}
          </div>
        </form>
        <SummaryPanel s={scenario} estimate={estimate} problems={problemCount} />
      </div>
    </section>
  );
}
