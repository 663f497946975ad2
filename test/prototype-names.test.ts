import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../src/engine/index.js';
import { cli } from './helpers.js';
import { startTestServer, type TestServer } from './server-helpers.js';

interface Problem { path: string; message: string }

/** Every name an object inherits from Object.prototype: none of them is a scenario field. */
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);

function base(): Record<string, unknown> {
  return {
    total_patients: 20, days_of_fighting: 2, seed: 5,
    front_configs: [{ id: 'north', name: 'North', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 100 }] }],
  };
}

/** The scenario with `name` as an own field, as JSON.parse would make it (`__proto__` included). */
function withField(name: string, value: unknown, into: Record<string, unknown> = base()): Record<string, unknown> {
  Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
  return into;
}

describe('Object.prototype names in a scenario are unknown fields', () => {
  it('lists every name the issue found', () => {
    for (const n of ['hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', 'toLocaleString', '__defineGetter__', '__lookupGetter__', 'constructor', '__proto__']) {
      expect(PROTO_NAMES).toContain(n);
    }
  });

  it('property: any Object.prototype name, with any JSON value, at the top level → one unknown-field problem at that path', () => {
    fc.assert(fc.property(fc.constantFrom(...PROTO_NAMES), fc.jsonValue(), (name, value) => {
      const r = parseScenario(withField(name, value));
      if (value === null) return true; // null means "absent" for every field
      expect(r.ok).toBe(false);
      if (r.ok) return false;
      expect(r.errors).toEqual([{ path: name, message: expect.stringMatching(new RegExp(`^unknown field "${name.replace(/[$]/g, '\\$')}"`)) }]);
      return true;
    }), { numRuns: 300 });
  });

  it('property: several of them at once are each reported, and the valid fields still read', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...PROTO_NAMES), { minLength: 1 }), (names) => {
      const input = base();
      for (const n of names) withField(n, 1, input);
      const r = parseScenario(input);
      expect(r.ok).toBe(false);
      if (r.ok) return false;
      expect(r.errors.map((e) => e.path).sort()).toEqual([...names].sort());
      return true;
    }), { numRuns: 100 });
  });

  it('property: inside fronts, facilities, mixes, flags and timings they are refused at their path too', () => {
    const front = { id: 'n', name: 'N', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 100 }] };
    const places: { at: (n: string) => Record<string, unknown>; path: (n: string) => string }[] = [
      { at: (n) => ({ front_configs: [withField(n, 1, { ...front })] }), path: (n) => `front_configs[0].${n}` },
      { at: (n) => ({ facility_configs: [withField(n, 1, { id: 'Role2', kia_rate: 0.1, rtd_rate: 0.1 })] }), path: (n) => `facility_configs[0].${n}` },
      { at: (n) => ({ injury_mix: withField(n, 1, { 'Battle Injury': 60, 'Non-Battle Injury': 25, Disease: 15 }) }), path: (n) => `injury_mix.${n}` },
      { at: (n) => ({ warfare_types: withField(n, true, { conventional: true }) }), path: (n) => `warfare_types.${n}` },
      { at: (n) => ({ evacuation_times: withField(n, { T1: { min_hours: 1, max_hours: 2 } }, {}) }), path: (n) => `evacuation_times.${n}` },
      { at: (n) => ({ transit_times: withField(n, { T1: { min_hours: 1, max_hours: 2 } }, {}) }), path: (n) => `transit_times.${n}` },
      { at: (n) => ({ front_configs: [{ ...front, nationality_distribution: [{ nationality_code: n, percentage: 100 }] }] }), path: () => 'front_configs[0].nationality_distribution[0].nationality_code' },
      { at: (n) => ({ facility_configs: [{ id: n, kia_rate: 0.1, rtd_rate: 0.1 }] }), path: () => 'facility_configs[0].id' },
    ];
    fc.assert(fc.property(fc.constantFrom(...PROTO_NAMES), fc.integer({ min: 0, max: places.length - 1 }), (name, i) => {
      const place = places[i] as (typeof places)[number];
      const r = parseScenario({ total_patients: 5, ...place.at(name) });
      expect(r.ok).toBe(false);
      if (r.ok) return false;
      expect(r.errors.map((e) => e.path)).toEqual([place.path(name)]);
      return true;
    }), { numRuns: 300 });
  });

  it('medgen validate reports them as unknown fields (a file may hold "__proto__": JSON.parse keeps it as a field)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medgen-proto-'));
    try {
      const file = join(dir, 's.json');
      writeFileSync(file, JSON.stringify(base()).replace(/^\{/, '{"__proto__": {"total_patients": 1}, "hasOwnProperty": 1, "constructor": {"prototype": {}},'));
      const r = await cli('validate', file);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/__proto__/);
      expect(r.stdout + r.stderr).toMatch(/hasOwnProperty/);
      expect(r.stdout + r.stderr).toMatch(/constructor/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Object.prototype names over HTTP', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(async () => { await s.close(); });

  async function post(path: string, raw: string): Promise<{ status: number; detail: Problem[] | string }> {
    const r = await s.call(path, { method: 'POST', body: raw, headers: { 'Content-Type': 'application/json' } });
    return { status: r.status, detail: ((await r.json()) as { detail: Problem[] | string }).detail };
  }

  it.each(PROTO_NAMES.filter((n) => n !== '__proto__'))('"%s" in a saved configuration and in a generation request → 422 naming it', async (name) => {
    const saved = await post('/api/v1/configurations/', JSON.stringify({ name: 'proto', ...base(), [name]: 1 }));
    expect(saved.status).toBe(422);
    expect(saved.detail).toEqual([{ path: name, message: expect.stringMatching(new RegExp(`^unknown field "${name}"`)) }]);
    const job = await post('/api/v1/generation/', JSON.stringify({ configuration: { ...base(), [name]: 1 } }));
    expect(job.status).toBe(422);
    expect(job.detail).toEqual([{ path: `configuration.${name}`, message: expect.stringMatching(new RegExp(`^unknown field "${name}"`)) }]);
    const checked = await s.call('/api/v1/configurations/validate/', { method: 'POST', body: JSON.stringify({ ...base(), [name]: 1 }), headers: { 'Content-Type': 'application/json' } });
    expect(await checked.json()).toEqual({ valid: false, errors: [{ path: name, message: expect.stringMatching(/^unknown field/) }] });
  });

  it('a body with "__proto__" is valid JSON: 422 says the key is refused and why, at its path', async () => {
    const r = await post('/api/v1/generation/', '{"configuration": {"total_patients": 5, "__proto__": {"is_admin": true}}}');
    expect(r.status).toBe(422);
    expect(r.detail).toEqual([{ path: 'configuration.__proto__', message: expect.stringMatching(/"__proto__" is refused: .*prototype/) }]);
    expect(JSON.stringify(r.detail)).not.toMatch(/not valid JSON/);
  });

  it('a body with constructor.prototype is valid JSON: 422 says the shape is refused and why', async () => {
    const r = await post('/api/v1/configurations/', '{"name": "x", "total_patients": 5, "metadata": {"constructor": {"prototype": {"polluted": 1}}}}');
    expect(r.status).toBe(422);
    expect(r.detail).toEqual([{ path: 'metadata.constructor.prototype', message: expect.stringMatching(/refused: .*prototype-pollution/) }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('broken JSON is still "not valid JSON"', async () => {
    const r = await post('/api/v1/configurations/', '{"name": ');
    expect(r).toEqual({ status: 422, detail: [{ path: '(body)', message: 'is not valid JSON' }] });
  });
});
