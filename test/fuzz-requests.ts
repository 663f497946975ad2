import fc from 'fast-check';

/**
 * Malformed requests for the fuzz run (test/fuzz-api.test.ts), generated from the operations of
 * the OpenAPI document so that a new route is fuzzed without touching this file. Every request
 * is built as raw bytes: a path the router must decode itself, a body the parser must refuse.
 */

interface Parameter { name: string; in: string }
interface DocOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> };
}
export interface OpenApiDoc { paths: Record<string, Record<string, DocOperation>> }

export interface Operation {
  method: string;
  /** Template with `{name}` placeholders. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** The documented example body, the starting point for mutations; undefined without a body. */
  example?: unknown;
}

export interface FuzzRequest {
  method: string;
  /** Raw request target, sent as is. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What was done to it, for the status table and a readable counterexample. */
  kind: string;
}

/** Real things to aim at, so that ids also reach the handlers and not only the 404 path. */
export interface Targets {
  ids: string[];
  /** Keys to send besides the generated bad ones (operator, a tenant, the demo key). */
  keys: string[];
  bodyLimit: number;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      if (!METHODS.includes(method)) continue;
      const params = op.parameters ?? [];
      const json = op.requestBody?.content['application/json'];
      const example = json ? (json.example ?? Object.values(json.examples ?? {})[0]?.value ?? {}) : undefined;
      ops.push({
        method: method.toUpperCase(), path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        example,
      });
    }
  }
  return ops;
}

/** Names every plain object inherits, and the two keys that rewrite a prototype. */
const PROTO_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

/** Text no column can hold, or that a careless reader mistakes for something else. */
const NASTY_TEXT = [
  '', ' ', 'a\u0000b', '\u0000', '\ud800', 'x\udfff', 'emoji \ud83d', '\ufeff', '\u202e', 'ł ó ż', '🚑'.repeat(50),
  '../../../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/shadow', 'file:///etc/passwd',
  "' or 1=1 --", '"; drop table jobs; --', '$(id)', '${7*7}', '<script>alert(1)</script>', '%00', '%s%n',
  'A'.repeat(10_000), '9'.repeat(400), '1e309', 'NaN', 'Infinity', '-0', 'null', 'true', '[]', '{}',
  ...PROTO_NAMES,
];

const HUGE_NUMBERS = [0, -1, -0.5, 0.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 1e21, 4_294_967_296, 1_000_001, 99_999_999];

/** A value of any type but, mostly, not the one the field wants. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(...NASTY_TEXT), weight: 4 },
  { arbitrary: fc.constantFrom<unknown>(...HUGE_NUMBERS), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [[[[]]]], { a: { b: { c: {} } } }, ['x', 1, null]), weight: 2 },
  { arbitrary: fc.integer({ min: -1_000, max: 1_000 }), weight: 1 },
  { arbitrary: fc.double({ noNaN: true }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

type Json = unknown;

/** Every path (list of keys) into a JSON value, the value itself included as []. */
function pathsOf(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

/** A deep copy with the value at `path` replaced (`set`), removed (`delete`) or given a sibling key (`add`). */
function mutate(root: Json, path: (string | number)[], op: 'set' | 'delete' | 'add', value: unknown, extraKey: string): Json {
  const copy = structuredClone(root);
  if (path.length === 0) return op === 'set' ? value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (op === 'set') parent[last] = value;
  else if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    // defineProperty: `__proto__` becomes an own key, as JSON.parse makes it on the server.
    if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, extraKey, { value, enumerable: true, writable: true, configurable: true });
    else parent[last] = value;
  }
  return copy;
}

const EXTRA_KEYS = ['unknown_field', '', 'a\u0000b', '\ud800', 'x'.repeat(300), ...PROTO_NAMES];

/** JSON text that is not JSON, or JSON no endpoint takes apart carefully enough. */
const BAD_JSON = [
  '', '{', '}', '{"a":}', '{"a" 1}', "{'a':1}", '[1,2,', 'nul', 'tru', '{"a":1}{"b":2}', '\u0000', '\ufeff{}',
  '{"a":"\\u0000"}', '{"name":"\\ud800"}', '{"a":"\\x00"}', '{"a":1e99999}', '{"a":-}', '"\\', '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}', '{"a":{"__proto__":[]}}', `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `${'{"a":'.repeat(80)}1${'}'.repeat(80)}`, '{"a":1,"a":2}', 'undefined', 'NaN', '0x10', '1_000',
];

const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/xml',
  'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/jsonx', 'application/json, text/plain', '*/*', '',
];

/** A body: the documented example mutated, any JSON, broken JSON, prototype keys, or too large. */
function bodyArb(op: Operation, targets: Targets): fc.Arbitrary<{ text?: string; kind: string }> {
  const example = op.example ?? {};
  const paths = pathsOf(example);
  const mutated = fc.tuple(fc.constantFrom(...paths), fc.constantFrom('set', 'delete', 'add' as const), oddValue, fc.constantFrom(...EXTRA_KEYS))
    .map(([path, how, value, key]) => ({ text: JSON.stringify(mutate(example, path, how as 'set' | 'delete' | 'add', value, key)) ?? 'null', kind: `body:${how}` }));
  return fc.oneof(
    { arbitrary: mutated, weight: 80 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v), kind: 'body:random-json' })), weight: 20 },
    { arbitrary: fc.constantFrom(...BAD_JSON).map((text) => ({ text, kind: 'body:bad-json' })), weight: 30 },
    { arbitrary: fc.string({ maxLength: 60 }).map((text) => ({ text, kind: 'body:text' })), weight: 10 },
    { arbitrary: fc.constant({ text: undefined, kind: 'body:absent' }), weight: 10 },
    // Over the body limit: a few per run, each a megabyte on the wire.
    { arbitrary: fc.constant(0).map(() => ({ text: JSON.stringify({ name: 'x'.repeat(targets.bodyLimit) }), kind: 'body:too-large' })), weight: 1 },
  );
}

/**
 * Percent-encoding that also carries unpaired surrogates, which encodeURIComponent refuses: as
 * the three bytes WTF-8 gives them, a sequence no UTF-8 decoder accepts.
 */
export function percentEncode(v: string): string {
  let out = '';
  for (const ch of v) {
    const u = ch.codePointAt(0) ?? 0;
    if (u >= 0xd800 && u <= 0xdfff) {
      out += [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** Path parameter values: real ids, malformed and overlong ones, traversal, encodings the router must refuse. */
function paramArb(targets: Targets): fc.Arbitrary<{ raw: string; kind: string }> {
  const encoded = (kind: string) => (v: string) => ({ raw: percentEncode(v), kind });
  return fc.oneof(
    { arbitrary: fc.constantFrom(...targets.ids).map(encoded('id:real')), weight: 4 },
    { arbitrary: fc.uuid().map(encoded('id:uuid')), weight: 2 },
    { arbitrary: fc.constantFrom('a'.repeat(101), 'f'.repeat(2_000), `${targets.ids[0] ?? 'x'}${'0'.repeat(80)}`).map(encoded('id:overlong')), weight: 1 },
    { arbitrary: fc.constantFrom(...NASTY_TEXT.filter((t) => t.length < 500)).map(encoded('id:odd')), weight: 3 },
    // Sent unencoded: the router sees the raw bytes.
    { arbitrary: fc.constantFrom('%', '%zz', '%00', '%ED%A0%80', '%C0%AF', '..', '../..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '.', '-1', '1e309', '99999999999999999999999').map((raw) => ({ raw, kind: 'id:raw' })), weight: 2 },
  );
}

/** Query strings: the documented parameters with wrong values, repeated, and undocumented ones. */
function queryArb(op: Operation): fc.Arbitrary<string> {
  const value = fc.oneof(
    fc.constantFrom(...NASTY_TEXT.filter((t) => t.length < 500), ...HUGE_NUMBERS.map(String)).map(percentEncode),
    fc.constantFrom('%', '%zz', '%00', '%ED%A0%80', '+', '&', '='),
    // Past what PostgreSQL's bigint and a JavaScript number hold exactly.
    fc.constantFrom('1e21', '9223372036854775807', '9223372036854775808', '18446744073709551616', '9007199254740993', '-9223372036854775809'),
    fc.integer({ min: -100, max: 5_000 }).map(String),
  );
  const names = [...op.queryParams, 'unknown', '__proto__', 'constructor', 'toString', '__proto__[polluted]', 'a%00b', 'page[]'];
  return fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 5 })
    .map((pairs) => pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`);
}

/** The X-API-Key (or its absence), and sometimes a bearer header besides. */
function authArb(targets: Targets): fc.Arbitrary<Record<string, string>> {
  const bad = ['x', '', ' ', 'sk_live_' + 'z'.repeat(56), 'sk_live_' + '0'.repeat(56), 'null', 'undefined', 'K'.repeat(8_000), "' or 1=1 --", '__proto__'];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...targets.keys).map((k) => ({ 'X-API-Key': k })), weight: 8 },
    { arbitrary: fc.constant({}), weight: 1 },
    { arbitrary: fc.constantFrom(...bad).map((k) => ({ 'X-API-Key': k })), weight: 2 },
    { arbitrary: fc.constantFrom(...bad).map((k) => ({ Authorization: `Bearer ${k}` })), weight: 1 },
  );
}

/** Other headers a client may send wrong: a request id of its own, what it accepts, where it comes from. */
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 12 },
  { arbitrary: fc.constantFrom('', 'x'.repeat(5_000), '../../etc/passwd', 'caf\u00e9', '__proto__', "' or 1=1 --").map((v) => ({ 'X-Request-Id': v })), weight: 1 },
  { arbitrary: fc.constantFrom('text/event-stream', 'application/xml', 'text/html', 'image/png', 'garbage/', '*/*;q=abc').map((v) => ({ Accept: v })), weight: 1 },
  { arbitrary: fc.constantFrom('gzip', 'br', 'deflate', 'x-unknown').map((v) => ({ 'Content-Encoding': v })), weight: 1 },
  { arbitrary: fc.constantFrom('gzip', 'identity;q=0', 'x').map((v) => ({ 'Accept-Encoding': v })), weight: 1 },
  { arbitrary: fc.constantFrom('http://evil.example', 'null', 'file://').map((v) => ({ Origin: v })), weight: 1 },
);

/** One malformed request against one operation. */
export function requestArb(ops: Operation[], targets: Targets): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ops).chain((op) => fc.record({
    method: fc.oneof(
      { arbitrary: fc.constant(op.method), weight: 10 },
      { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), weight: 2 },
      // Not in the router's table, and not even HTTP to Node's parser.
      { arbitrary: fc.constantFrom('TRACE', 'PROPFIND', 'SEARCH', 'LOCK', 'BREW'), weight: 1 },
    ),
    params: fc.array(paramArb(targets), { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
    query: queryArb(op),
    auth: authArb(targets),
    extra: extraHeaders,
    contentType: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 8 }, { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 }),
    body: op.example !== undefined || op.method !== 'GET' ? bodyArb(op, targets) : fc.constant({ text: undefined, kind: 'body:none' }),
  }).map(({ method, params, query, auth, extra, contentType, body }) => {
    let i = 0;
    const path = op.path.replace(/\{[^}]+\}/g, () => params[i++]?.raw ?? '') + query;
    const headers: Record<string, string> = { ...extra, ...auth };
    const sendsBody = body.text !== undefined && method !== 'GET' && method !== 'HEAD';
    if (sendsBody && contentType !== '') headers['Content-Type'] = contentType;
    const kinds = [body.kind, Object.keys(extra).join(' '), ...params.map((p) => p.kind), query ? 'query' : '', method !== op.method ? 'method' : '', 'X-API-Key' in auth && targets.keys.includes(auth['X-API-Key'] ?? '') ? '' : 'auth:bad'];
    return { method, path, headers, body: sendsBody ? body.text : undefined, kind: kinds.filter((k) => k).join(' ') || 'plain' };
  }));
}
