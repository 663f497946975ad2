import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { check, fmt, joinPath, show } from './check.js';
import { parseScenario } from './parse.js';

describe('paths and messages', () => {
  it('joins identifiers with dots, indices and odd keys with brackets', () => {
    expect(joinPath('', 'a')).toBe('a');
    expect(joinPath('a', 'b_2')).toBe('a.b_2');
    expect(joinPath('a', 3)).toBe('a[3]');
    expect(joinPath('a', 'POI-R1')).toBe('a["POI-R1"]');
    expect(joinPath('', 'x y')).toBe('["x y"]');
  });

  it('shows values briefly', () => {
    expect(show('x'.repeat(50))).toBe(`"${'x'.repeat(40)}…"`);
    expect(show(true)).toBe('true');
    expect(show(null)).toBe('null');
    expect(show(undefined)).toBe('undefined');
    expect(show({})).toBe('an object');
    expect(fmt(0.1 + 0.2)).toBe('0.3');
  });

  it('falls back to the TypeBox message for schemas without a rule, and decodes pointer escapes', () => {
    expect(check(Type.Number(), 'x', 'v')).toEqual([{ path: 'v', message: 'Expected number' }]);
    const schema = Type.Record(Type.String(), Type.Number({ rule: 'a number' }));
    expect(check(schema, { 'a/b~c': 'x' }, '')).toEqual([{ path: '["a/b~c"]', message: 'must be a number (got "x")' }]);
    const nested = Type.Object({ a: Type.Object({ b: Type.Number({ rule: 'a number' }) }) });
    expect(check(nested, { a: 5 }, 'root')).toEqual([{ path: 'root.a', message: 'Expected object' }]);
    expect(check(nested, { a: {} }, 'root')).toEqual([{ path: 'root.a.b', message: 'is required' }]);
  });
});

describe('labels of nested prototype names', () => {
  it('names a front field called "toString" as an unknown field, without function text', () => {
    const r = parseScenario({ front_configs: [{ id: 'a', name: 'A', casualty_rate: 1, toString: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 100 }] }] });
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.errors.map((e) => e.message);
    expect(messages.join(' ')).toContain('toString');
    expect(messages.join(' ')).not.toContain('native code');
  });
});
