import { describe, expect, it } from 'vitest';
import { KeyServiceError } from '../auth/index.js';
import { ConcurrentVersionError, DatabaseBusyError } from '../db/index.js';
import { DomainError, ERROR_CATALOGUE, RETRY_AFTER_SECONDS, type ErrorCode } from '../errors/index.js';
import { JobStateError, ScenarioError } from '../jobs/index.js';
import { OutputSpaceError } from '../pipeline/index.js';
import { answerOf, ERROR_NAMES, errors, HttpError } from './errors.js';
import { DatabaseUnreachableError } from './server.js';

const LIMIT = 1024;

describe('the error catalogue', () => {
  it('gives every code a status the envelope can name, and a message', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(ERROR_NAMES[entry.status], code).toBeTypeOf('string');
      expect(entry.message.length, code).toBeGreaterThan(0);
    }
  });

  it('a DomainError takes its status and default message from its code', () => {
    const e = new DomainError('CONFIGURATION_CONFLICT');
    expect([e.status, e.message, e.fault]).toEqual([409, ERROR_CATALOGUE.CONFIGURATION_CONFLICT.message, false]);
    expect(new DomainError('DATABASE_UNAVAILABLE').fault).toBe(true);
  });
});

describe('answerOf: every domain error mapped in one place', () => {
  const cases: [string, Error, ErrorCode, number][] = [
    ['key not found', new KeyServiceError('not_found', 'API key not found: abc'), 'KEY_NOT_FOUND', 404],
    ['key refused', new KeyServiceError('refused', 'built in'), 'KEY_REFUSED', 409],
    ['key input invalid', new KeyServiceError('invalid', 'a key needs a name'), 'KEY_INVALID', 400],
    ['two writers of one configuration', new ConcurrentVersionError('configuration x is being changed by someone else; try again'), 'CONFIGURATION_CONFLICT', 409],
    ['a finished job cancelled', new JobStateError('job x is already completed'), 'JOB_STATE', 400],
    ['a full disk', new OutputSpaceError(Object.assign(new Error('write'), { code: 'ENOSPC' })), 'OUTPUT_SPACE', 507],
    ['the embedded database in use', new DatabaseBusyError('in use by process 1'), 'DATABASE_BUSY', 503],
    ['the database unreachable at start', new DatabaseUnreachableError('cannot reach PostgreSQL at h:5432/db'), 'DATABASE_UNREACHABLE', 503],
  ];
  it.each(cases)('%s → its code, status and message', (_name, err, code, status) => {
    expect(err).toBeInstanceOf(DomainError);
    expect(answerOf(err, LIMIT)).toEqual({ code, status, detail: err.message, headers: {} });
  });

  it('a scenario error lists its field problems, like any 422', () => {
    const problems = [{ path: 'total_patients', message: 'too many' }];
    expect(answerOf(new ScenarioError(problems), LIMIT)).toEqual({ code: 'SCENARIO_INVALID', status: 422, detail: problems, headers: {} });
  });

  it('an HttpError is answered as it is, headers included', () => {
    const err = errors.tooMany('Rate limit exceeded', { 'Retry-After': '7' });
    expect(answerOf(err, LIMIT)).toEqual({ code: 'TOO_MANY_REQUESTS', status: 429, detail: 'Rate limit exceeded', headers: { 'Retry-After': '7' } });
    expect(new HttpError('NOT_FOUND', 'job x not found').statusCode).toBe(404);
  });

  it('a lost database connection is a fault: code and message in the detail, Retry-After', () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(answerOf(lost, LIMIT)).toEqual({
      code: 'DATABASE_UNAVAILABLE', status: 503,
      detail: { code: 'DATABASE_UNAVAILABLE', message: `the database is unavailable; retry in ${RETRY_AFTER_SECONDS} seconds` },
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    });
  });

  it("Fastify's own errors: schema problems by field, oversized and unparsable bodies", () => {
    const invalid = Object.assign(new Error('body/name must be string'), {
      validation: [{ instancePath: '/output_formats/0', message: 'must be string', keyword: 'type' }, { instancePath: '', keyword: 'required', params: { missingProperty: 'name' } }],
      validationContext: 'body',
    });
    expect(answerOf(invalid, LIMIT)?.detail).toEqual([{ path: 'output_formats[0]', message: 'must be string' }, { path: 'name', message: 'is required' }]);
    expect(answerOf(Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }), LIMIT))
      .toMatchObject({ status: 413, detail: `request body exceeds the limit of ${LIMIT} bytes` });
    expect(answerOf(new SyntaxError('Unexpected token'), LIMIT)).toMatchObject({ status: 422, detail: [{ path: '(body)', message: 'is not valid JSON' }] });
    expect(answerOf(Object.assign(new Error('Not Acceptable'), { statusCode: 406 }), LIMIT)).toMatchObject({ code: 'BAD_REQUEST', status: 406 });
  });

  it('anything else is unexpected: no answer, so the handler sends a 500 without its text', () => {
    expect(answerOf(new TypeError('x is undefined'), LIMIT)).toBeUndefined();
  });
});
