import type { FastifyError } from 'fastify';
import { isDatabaseUnavailable } from '../db/index.js';
import { DomainError, ERROR_CATALOGUE, RETRY_AFTER_SECONDS, type ErrorCode, type FieldProblem } from '../errors/index.js';

/** Routes name field problems through this module, beside the errors that carry them. */
export type { FieldProblem } from '../errors/index.js';

/** The `error` name of the envelope for each status the API returns (spec service §1). */
export const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Validation Error',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

export type ErrorDetail = string | Record<string, unknown> | unknown[];

/**
 * An error meant for the client as it is: a catalogue code (which fixes the status), the detail
 * shown, and extra response headers.
 */
export class HttpError extends DomainError {
  constructor(
    code: ErrorCode,
    readonly detail: ErrorDetail,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, typeof detail === 'string' ? detail : ERROR_CATALOGUE[code].message);
  }

  get statusCode(): number {
    return this.status;
  }
}

/** A dependency is down for now: 503 with the code and message in the detail, and Retry-After. */
function fault(code: ErrorCode, message: string = ERROR_CATALOGUE[code].message): HttpError {
  return new HttpError(code, { code, message }, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

export const errors = {
  badRequest: (detail: ErrorDetail, headers?: Record<string, string>) => new HttpError('BAD_REQUEST', detail, headers),
  unauthorized: (detail: string, headers?: Record<string, string>) => new HttpError('UNAUTHORIZED', detail, headers),
  forbidden: (detail: string) => new HttpError('FORBIDDEN', detail),
  notFound: (what: string) => new HttpError('NOT_FOUND', `${what} not found`),
  conflict: (detail: string) => new HttpError('CONFLICT', detail),
  /** 422 whose detail lists every problem with its field path. */
  validation: (problems: FieldProblem[], summary?: string) =>
    new HttpError('VALIDATION_FAILED', summary ? { message: summary, errors: problems } : problems),
  tooMany: (detail: string, headers?: Record<string, string>) => new HttpError('TOO_MANY_REQUESTS', detail, headers),
  unavailable: (detail: string) => new HttpError('SERVICE_UNAVAILABLE', detail),
};

/** What the client is told about one error: status, detail and headers of the envelope. */
export interface ErrorAnswer {
  code: ErrorCode;
  status: number;
  detail: ErrorDetail;
  headers: Record<string, string>;
}

interface AjvProblem { instancePath?: string; message?: string; params?: Record<string, unknown>; keyword?: string }

/** `/output_formats/0` → `output_formats[0]`; missing properties name the property itself. */
function problemOf(p: AjvProblem, context: string | undefined): FieldProblem {
  const segments = (p.instancePath ?? '').split('/').filter((s) => s.length > 0);
  if (p.keyword === 'required' && typeof p.params?.missingProperty === 'string') segments.push(p.params.missingProperty);
  if (p.keyword === 'additionalProperties' && typeof p.params?.additionalProperty === 'string') segments.push(p.params.additionalProperty);
  const path = segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
  let message = p.message ?? 'is invalid';
  if (p.keyword === 'additionalProperties') message = 'is not an allowed field';
  if (p.keyword === 'required') message = 'is required';
  return { path: path || (context === 'body' ? '(body)' : `(${context ?? 'request'})`), message };
}

/** The catalogue code of a status Fastify chose (an unknown 4xx keeps its status under BAD_REQUEST). */
const CODE_OF_STATUS = new Map<number, ErrorCode>(
  (Object.entries(ERROR_CATALOGUE) as [ErrorCode, { status: number }][]).reverse().map(([code, e]) => [e.status, code]),
);

function answer(code: ErrorCode, detail: ErrorDetail, headers: Record<string, string> = {}, status: number = ERROR_CATALOGUE[code].status): ErrorAnswer {
  return { code, status, detail, headers };
}

/**
 * The one place where an error thrown while serving a request becomes what the client sees:
 * catalogued errors by their code, a lost database as a fault to retry, Fastify's own errors
 * (schema validation, body parsing) by theirs. Undefined for anything else: an unexpected error,
 * answered 500 without its text.
 */
export function answerOf(err: unknown, bodyLimit: number): ErrorAnswer | undefined {
  if (err instanceof HttpError) return answer(err.code, err.detail, err.headers);
  if (err instanceof DomainError) {
    if (err.fault) {
      const f = fault(err.code, err.message);
      return answer(f.code, f.detail, f.headers);
    }
    // Errors that list field problems (a scenario's) show the list, like any 422.
    const problems = (err as DomainError & { problems?: FieldProblem[] }).problems;
    return answer(err.code, Array.isArray(problems) ? problems : err.message);
  }
  const fe = err as Partial<FastifyError>;
  if (fe.validation) return answer('VALIDATION_FAILED', (fe.validation as AjvProblem[]).map((p) => problemOf(p, fe.validationContext)));
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return answer('PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${bodyLimit} bytes`);
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return answer('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
    return answer('VALIDATION_FAILED', [{ path: '(body)', message: 'is not valid JSON' }]);
  }
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) return answer(CODE_OF_STATUS.get(status) ?? 'BAD_REQUEST', fe.message ?? '', {}, status);
  // A lost database is an outage to wait out, not a bug: 503 with a code the client can act on.
  if (isDatabaseUnavailable(err)) {
    const f = fault('DATABASE_UNAVAILABLE');
    return answer(f.code, f.detail, f.headers);
  }
  return undefined;
}

export interface ErrorBody {
  error: string;
  detail: ErrorDetail;
  timestamp: string;
  request_id: string;
}

export function errorBody(statusCode: number, detail: ErrorDetail, requestId: string): ErrorBody {
  return {
    error: ERROR_NAMES[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Bad Request'),
    detail,
    timestamp: new Date().toISOString(),
    request_id: requestId,
  };
}
