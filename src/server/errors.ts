/** The one catalogue of HTTP errors the API returns (spec service §1). */
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
};

/**
 * Machine-readable codes of the faults a client may retry: sent as `detail.code` beside a
 * readable `detail.message`, so scripts need not parse text.
 */
export const FAULT_CODES = {
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
} as const;
export type FaultCode = keyof typeof FAULT_CODES;

/** Seconds a client is told to wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

export type ErrorDetail = string | Record<string, unknown> | unknown[];

/** An error meant for the client: its status, detail and extra response headers are shown as is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: ErrorDetail,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : (ERROR_NAMES[statusCode] ?? 'Error'));
  }
}

export interface FieldProblem { path: string; message: string }

/** A dependency is down for now: 503 with a code, a message and Retry-After. */
function fault(code: FaultCode, message: string): HttpError {
  return new HttpError(503, { code: FAULT_CODES[code], message }, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

export const errors = {
  badRequest: (detail: ErrorDetail, headers?: Record<string, string>) => new HttpError(400, detail, headers),
  unauthorized: (detail: string, headers?: Record<string, string>) => new HttpError(401, detail, headers),
  forbidden: (detail: string) => new HttpError(403, detail),
  notFound: (what: string) => new HttpError(404, `${what} not found`),
  conflict: (detail: string) => new HttpError(409, detail),
  /** 422 whose detail lists every problem with its field path. */
  validation: (problems: FieldProblem[], summary?: string) =>
    new HttpError(422, summary ? { message: summary, errors: problems } : problems),
  tooMany: (detail: string, headers?: Record<string, string>) => new HttpError(429, detail, headers),
  unavailable: (detail: string) => new HttpError(503, detail),
  fault,
  databaseUnavailable: () => fault('DATABASE_UNAVAILABLE', `the database is unavailable; retry in ${RETRY_AFTER_SECONDS} seconds`),
};

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
