/**
 * What the Generate page keeps across navigation and reloads, in the browser's local storage:
 * the scenario draft, the output options (never the encryption password) and the preset it came
 * from. Everything read back is checked, so a damaged or old entry falls back to the defaults.
 */
import { CARD_LAYOUTS, FORMATS, DEFAULT_OUTPUT, type CardLayoutId, type OutputState } from './OutputOptions.js';
import type { ScenarioJson } from './scenario-model.js';

export const DRAFT_KEY = 'medgen.draftScenario';
export const OUTPUT_KEY = 'medgen.output';
export const PRESET_KEY = 'medgen.preset';

/** The part of Storage used here (localStorage in the page, a Map-backed fake in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function store(): KeyValueStore | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled
  }
}

function readJson(key: string, s = store()): unknown {
  try {
    return JSON.parse(s?.getItem(key) ?? 'null') as unknown;
  } catch {
    return null;
  }
}

function writeJson(key: string, value: unknown, s = store()): void {
  try {
    s?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the state is just not kept.
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function loadDraft(s = store()): ScenarioJson | undefined {
  const v = readJson(DRAFT_KEY, s);
  return isRecord(v) ? v : undefined;
}

export function saveDraft(scenario: ScenarioJson, s = store()): void {
  writeJson(DRAFT_KEY, scenario, s);
}

const FORMAT_IDS: readonly string[] = FORMATS.map((f) => f.id);
const PRIORITIES = ['low', 'normal', 'high'] as const;

/** The saved output options; the password is never stored and always comes back empty. */
export function loadOutput(s = store()): OutputState {
  const v = readJson(OUTPUT_KEY, s);
  if (!isRecord(v)) return { ...DEFAULT_OUTPUT };
  const formats = Array.isArray(v.formats) ? [...new Set(v.formats.filter((f): f is string => typeof f === 'string' && FORMAT_IDS.includes(f)))] : [];
  return {
    formats: formats.length > 0 ? formats : [...DEFAULT_OUTPUT.formats],
    compression: v.compression === true,
    encryption: v.encryption === true,
    password: '',
    priority: (PRIORITIES as readonly unknown[]).includes(v.priority) ? (v.priority as OutputState['priority']) : DEFAULT_OUTPUT.priority,
    cardLayout: CARD_LAYOUTS.some((l) => l.id === v.cardLayout) ? (v.cardLayout as CardLayoutId) : DEFAULT_OUTPUT.cardLayout,
  };
}

export function saveOutput(o: OutputState, s = store()): void {
  const { password: _never, ...kept } = o;
  writeJson(OUTPUT_KEY, kept, s);
}

export function loadPresetId(s = store()): string {
  const v = readJson(PRESET_KEY, s);
  return typeof v === 'string' ? v : '';
}

export function savePresetId(id: string, s = store()): void {
  if (id === '') {
    try {
      s?.removeItem(PRESET_KEY);
    } catch {
      // disabled storage
    }
  } else writeJson(PRESET_KEY, id, s);
}
