import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import type { Readable, Writable } from 'node:stream';
import { getPreset, parseScenario, PRESETS, type ParseResult, type ValidationIssue } from '../engine/index.js';

/** The streams a command talks to; tests pass their own. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin?: Readable;
  env: NodeJS.ProcessEnv;
}

/** A failure the user can fix: printed without a stack, exit code 1. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** `1 day`, `2 days`, `1,000 patients`: a count with its noun in the right number. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : pluralForm}`;
}

/** One problem a line, in the form's words, with its JSON path after it for editing the file. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((e) => `  ${e.message}${e.path === '' ? '' : `  [${e.path}]`}`).join('\n');
}

/** Scenario input from a file, a preset or the defaults, with command-line overrides applied. */
export async function loadScenarioInput(opts: { scenario?: string; preset?: string }): Promise<Record<string, unknown>> {
  if (opts.scenario && opts.preset) throw new CliError('give either a scenario file or --preset, not both', 2);
  if (opts.preset) {
    const preset = getPreset(opts.preset);
    if (!preset) throw new CliError(`unknown preset "${opts.preset}"; presets: ${PRESETS.map((p) => p.id).join(', ')}`, 2);
    return structuredClone(preset.input);
  }
  if (opts.scenario) {
    const input = await readJsonFile(opts.scenario);
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new CliError(`${opts.scenario}: a scenario must be a JSON object`);
    return input as Record<string, unknown>;
  }
  return {};
}

export function parseOrFail(input: unknown, source: string): Extract<ParseResult, { ok: true }>['scenario'] {
  const result = parseScenario(input);
  if (!result.ok) throw new CliError(`${source} is not a valid scenario (${plural(result.errors.length, 'problem')}):\n${formatIssues(result.errors)}`);
  return result.scenario;
}

/** `--seed 42` is the integer 42; anything else is a string seed. */
export function parseSeed(text: string): number | string {
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

export function parseWholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}
