import type { Principal } from '../../auth/index.js';
import { configurationScenario, type ConfigurationsRepository } from '../../db/index.js';
import { getPreset, parseScenario, type ParseResult, type ValidationIssue } from '../../engine/index.js';
import { errors, type FieldProblem } from '../errors.js';

type Scenario = Extract<ParseResult, { ok: true }>['scenario'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The engine's scenario problems as the request's field problems: the one place where the
 * engine's validation (which knows nothing of HTTP) is mapped. `prefix` is the request field the
 * scenario sits in ('' for the body itself); `whole` names a problem of the scenario as a whole.
 */
export function fieldProblems(problems: readonly ValidationIssue[], prefix = '', whole = prefix || '(body)'): FieldProblem[] {
  return problems.map((p) => ({
    path: !p.path ? whole : !prefix ? p.path : p.path.startsWith('[') ? `${prefix}${p.path}` : `${prefix}.${p.path}`,
    message: p.message,
  }));
}

/** Where a generation's scenario comes from, as a request gives it. */
export interface ScenarioRequest {
  /** A saved configuration: its id (the latest version) or a version id; with `version`, that version number. */
  configurationId?: string;
  configurationVersion?: number;
  /** The request field naming the saved configuration (problems of its scenario as a whole point at it). */
  configurationField?: string;
  /** A built-in preset. */
  preset?: string;
  /** A scenario given inline, and the request field holding it ('' for the body itself). */
  inline?: { scenario: Record<string, unknown>; field: string };
  /** Overrides the scenario's patient count; `field` is the request field it came from. */
  count?: { value: number; field: string };
  /** Overrides the scenario's seed. */
  seed?: number | string;
}

export interface ResolvedScenario {
  /** The scenario input (overrides applied), as a job stores it. */
  input: Record<string, unknown>;
  scenario: Scenario;
  /** The exact configuration version generated, when one was named. */
  configurationId: string | null;
}

/**
 * Turns a generation request (saved configuration, preset, inline scenario or the default) into
 * a checked scenario: overrides applied, parsed, and within the server's patient cap. Shared by
 * the job submit and the streaming routes so that both answer the same request the same way.
 */
export class ScenarioResolution {
  constructor(
    private readonly configurations: ConfigurationsRepository,
    /** MAX_PATIENTS_PER_JOB: the most patients one job or stream may generate. */
    private readonly maxPatients: number,
  ) {}

  async resolve(req: ScenarioRequest, caller: Principal): Promise<ResolvedScenario> {
    const sources = [req.configurationId !== undefined, req.preset !== undefined, req.inline !== undefined].filter(Boolean).length;
    if (sources > 1) throw errors.validation([{ path: req.preset !== undefined ? 'preset' : (req.inline?.field || '(body)'), message: 'give one of a configuration, a preset or a scenario, not several' }]);
    if (req.configurationVersion !== undefined && req.configurationId === undefined) {
      throw errors.validation([{ path: 'configuration_version', message: 'needs configuration_id' }]);
    }
    let input: Record<string, unknown> = {};
    let configurationId: string | null = null;
    let prefix = '';
    let whole = '(body)';
    if (req.configurationId !== undefined) {
      const { configurationId: id, configurationVersion: version } = req;
      const row = UUID.test(id) ? await this.configurations.resolve(id, caller, version) : undefined;
      if (!row) throw errors.notFound(version === undefined ? `configuration "${id}"` : `version ${version} of configuration "${id}"`);
      input = configurationScenario(row);
      configurationId = row.id; // a job records the exact version it generated
      whole = req.configurationField ?? 'configuration_id';
    } else if (req.preset !== undefined) {
      const preset = getPreset(req.preset);
      if (!preset) throw errors.notFound(`preset "${req.preset}"`);
      input = structuredClone(preset.input);
    } else if (req.inline !== undefined) {
      input = { ...req.inline.scenario };
      prefix = req.inline.field;
      whole = prefix || '(body)';
    }
    if (req.count !== undefined) {
      delete input.count; // its alias would clash with the override
      input.total_patients = req.count.value;
    }
    if (req.seed !== undefined) input.seed = req.seed;

    const parsed = parseScenario(input);
    if (!parsed.ok) {
      throw errors.validation(parsed.errors.map((p) => (req.count !== undefined && p.path === 'total_patients'
        ? { path: req.count.field, message: p.message }
        : fieldProblems([p], prefix, whole)[0] as FieldProblem)));
    }
    const total = parsed.scenario.total_patients;
    if (total > this.maxPatients) {
      throw errors.validation([{
        path: req.count?.field ?? (prefix ? `${prefix}.total_patients` : 'total_patients'),
        message: `${total} patients exceeds the per-request limit of ${this.maxPatients} (MAX_PATIENTS_PER_JOB)`,
      }]);
    }
    return { input, scenario: parsed.scenario, configurationId };
  }
}
