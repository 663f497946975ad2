/**
 * The error catalogue: every error the project raises on purpose has a code here, with the HTTP
 * status the server answers it with and a default message. It sits below every layer and imports
 * nothing of the project, so jobs, auth, db and server can all raise catalogued errors; the engine
 * stays pure and reports problems as values, which the server maps in one place.
 *
 * `fault` marks a dependency that is down for now: the answer carries the code in its detail and a
 * Retry-After header, so a client can wait and retry instead of reading text.
 */
/** Seconds a client is told to wait before retrying a fault (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

export const ERROR_CATALOGUE = {
  // What the HTTP layer refuses on its own: one code per status.
  BAD_REQUEST: { status: 400, message: 'Bad Request' },
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  FORBIDDEN: { status: 403, message: 'Forbidden' },
  NOT_FOUND: { status: 404, message: 'Not Found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method Not Allowed' },
  REQUEST_TIMEOUT: { status: 408, message: 'Request Timeout' },
  CONFLICT: { status: 409, message: 'Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Payload Too Large' },
  URI_TOO_LONG: { status: 414, message: 'URI Too Long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported Media Type' },
  VALIDATION_FAILED: { status: 422, message: 'Validation Error' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too Many Requests' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request Header Fields Too Large' },
  INTERNAL_ERROR: { status: 500, message: 'An internal error occurred; quote the request_id when reporting it.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'the service is unavailable' },

  // Domain errors, raised below the HTTP layer.
  /** A scenario that does not parse, or asks for more patients than the server allows (jobs). */
  SCENARIO_INVALID: { status: 422, message: 'the scenario is invalid' },
  /** A job operation its state does not allow (cancelling a finished job); 400 as in v1. */
  JOB_STATE: { status: 400, message: 'the job is not in a state that allows this' },
  /** The output storage is full while a job writes its files (jobs). */
  OUTPUT_SPACE: { status: 507, message: 'no space left on the output storage' },
  /** Key administration (auth): the key named does not exist. */
  KEY_NOT_FOUND: { status: 404, message: 'API key not found' },
  /** Key administration: the key exists but may not be changed so (a built-in key). */
  KEY_REFUSED: { status: 409, message: 'the operation is refused for this key' },
  /** Key administration: the input is wrong (an empty name, an ambiguous prefix). */
  KEY_INVALID: { status: 400, message: 'the key operation is invalid' },
  /** Two writers saved a version of the same configuration at once, repeatedly (db). */
  CONFIGURATION_CONFLICT: { status: 409, message: 'the configuration is being changed by someone else; try again' },
  /** An exercise request the feed refuses (exercise): its fields listed. */
  EXERCISE_INVALID: { status: 422, message: 'the exercise request is invalid' },
  /** An exercise control its run's state does not allow (resuming a stopped run). */
  EXERCISE_STATE: { status: 409, message: "the exercise run's state does not allow this" },
  /** A key's exercise limit reached (active runs, subscriptions per run). */
  EXERCISE_LIMIT: { status: 429, message: 'the exercise limit of this key is reached' },
  /** The database stopped answering while serving a request. */
  DATABASE_UNAVAILABLE: { status: 503, message: `the database is unavailable; retry in ${RETRY_AFTER_SECONDS} seconds`, fault: true },
  /** The database cannot be reached when the server starts. */
  DATABASE_UNREACHABLE: { status: 503, message: 'the database cannot be reached' },
  /** The embedded database is held by another process (db). */
  DATABASE_BUSY: { status: 503, message: 'the embedded database is in use by another process' },
} as const satisfies Record<string, { status: number; message: string; fault?: boolean }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** A field and what is wrong with it, as a 422 lists them. */
export interface FieldProblem { path: string; message: string }

/** The base of every catalogued error: its code fixes the HTTP status and the default message. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CATALOGUE[code].message,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  /** A dependency down for now: the client may retry after RETRY_AFTER_SECONDS. */
  get fault(): boolean {
    return 'fault' in ERROR_CATALOGUE[this.code];
  }
}
