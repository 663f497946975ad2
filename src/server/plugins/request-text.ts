import type { FastifyInstance } from 'fastify';
import { errors, type FieldProblem } from '../errors.js';

/**
 * What request text may not contain, wherever it is (body, query string, path): NUL, which
 * PostgreSQL cannot store in text or jsonb, and UTF-16 surrogates without their pair, which are
 * not Unicode (jsonb refuses them; a text column would silently store U+FFFD instead).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BAD_TEXT_ALL = new RegExp(BAD_TEXT.source, 'g');

/** The offending characters written as JSON escapes, so a message can quote the text safely. */
export function escapeText(s: string): string {
  return s.replace(BAD_TEXT_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function textIssue(s: string): string | undefined {
  const m = BAD_TEXT.exec(s);
  if (!m) return undefined;
  return m[0] === '\u0000'
    ? 'contains a NUL character (\\u0000), which text fields cannot hold'
    : `contains an unpaired UTF-16 surrogate (${escapeText(m[0])}), which is not valid Unicode text`;
}

/** `a.b[0].c`, the paths validation problems use everywhere. */
function join(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

const MAX_PROBLEMS = 20;
/** Deepest nesting a request may have: no field of this API is nested a tenth as deep. */
export const MAX_DEPTH = 64;

/**
 * Every string and field name in a parsed JSON value (or a query/params object) that contains
 * NUL or an unpaired surrogate, and — in JSON bodies — every `__proto__` field and every
 * `constructor` object with a `prototype` field, each with its path; and nesting deeper than
 * MAX_DEPTH (which would exhaust the stack of every recursive reader after this one). Stops at
 * 20 problems.
 */
export function requestTextProblems(value: unknown, opts: { prototypeKeys?: boolean; root?: string } = {}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (v: unknown, path: string, depth = 0): void => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (depth > MAX_DEPTH && typeof v === 'object' && v !== null) {
      problems.push({ path: path || opts.root || '(body)', message: `nests more than ${MAX_DEPTH} levels deep; no field of this API is nested that deep` });
      return;
    }
    if (typeof v === 'string') {
      const issue = textIssue(v);
      if (issue) problems.push({ path: path || opts.root || '(body)', message: issue });
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, join(path, i), depth + 1));
      return;
    }
    for (const key of Object.keys(v)) {
      const keyIssue = textIssue(key);
      const keyPath = join(path, escapeText(key));
      if (keyIssue) {
        problems.push({ path: keyPath, message: `field name ${keyIssue}` });
        continue;
      }
      const child = (v as Record<string, unknown>)[key];
      if (opts.prototypeKeys && key === '__proto__') {
        problems.push({ path: keyPath, message: 'the field name "__proto__" is refused: read into an object it would replace that object\'s prototype (prototype pollution); no field of this API has that name' });
        continue;
      }
      if (opts.prototypeKeys && key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')) {
        problems.push({ path: join(keyPath, 'prototype'), message: 'a "constructor" object with a "prototype" field is refused: it is the shape of a prototype-pollution attack; no field of this API has that shape' });
        continue;
      }
      visit(child, keyPath, depth + 1);
    }
  };
  visit(value, '');
  return problems;
}

/**
 * Numbers that are not finite, with their paths. Ajv's type coercion turns the text "Infinity"
 * or "1e309" (in a query string, a path, or a string in a body) into Infinity for an integer or
 * number field, and then skips minimum and maximum, which it checks only on finite numbers: the
 * value went on to SQL as a 500 (`GET …/versions/1e309`, `?limit=Infinity`, `"expires_days":
 * "Infinity"`). Checked once validation has coerced the values.
 */
function nonFiniteProblems(value: unknown, path = '', depth = 0, out: FieldProblem[] = []): FieldProblem[] {
  if (typeof value === 'number' && !Number.isFinite(value)) out.push({ path: path || '(body)', message: 'must be a finite number' });
  else if (typeof value === 'object' && value !== null && depth <= MAX_DEPTH && out.length < MAX_PROBLEMS) {
    const list = Array.isArray(value);
    for (const [k, v] of Object.entries(value)) nonFiniteProblems(v, join(path, list ? Number(k) : k), depth + 1, out);
  }
  return out;
}

/**
 * JSON bodies are parsed with plain JSON.parse (own properties only, so nothing is polluted
 * while parsing) and then checked as a whole: 422 naming every field whose text PostgreSQL or
 * JSON cannot carry, and every prototype-pollution key, before any route sees the body. Query
 * strings and path parameters are checked the same way before validation, and numbers that
 * validation made infinite after it.
 */
export function registerRequestText(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    let value: unknown;
    try {
      if (text.trim() === '') throw new SyntaxError('empty body');
      value = JSON.parse(text);
    } catch {
      done(errors.validation([{ path: '(body)', message: 'is not valid JSON' }]), undefined);
      return;
    }
    const problems = requestTextProblems(value, { prototypeKeys: true });
    if (problems.length > 0) done(errors.validation(problems), undefined);
    else done(null, value);
  });
  app.addHook('preValidation', async (request) => {
    const problems = [
      ...requestTextProblems(request.params, { root: '(path)' }),
      ...requestTextProblems(request.query, { root: '(query)' }),
    ];
    if (problems.length > 0) throw errors.validation(problems);
  });
  app.addHook('preHandler', async (request) => {
    const problems = [...nonFiniteProblems(request.params), ...nonFiniteProblems(request.query), ...nonFiniteProblems(request.body)];
    if (problems.length > 0) throw errors.validation(problems);
  });
}
