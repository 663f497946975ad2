import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ERROR_CATALOGUE } from '../../errors/index.js';
import { answerOf, ERROR_NAMES, errorBody, type ErrorDetail } from '../errors.js';
import { returnPatients } from './limits.js';

function send(reply: FastifyReply, request: FastifyRequest, status: number, detail: ErrorDetail, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers(headers).type('application/json; charset=utf-8').send(errorBody(status, detail, String(request.id)));
}

/** Every error leaves in the envelope of spec service §1, mapped by `answerOf`; a 500 never shows internal text. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    // Work that ends in an error was not accepted: its patients leave the quota and the usage.
    await returnPatients(request).catch((e: unknown) => request.log.warn({ err: e }, 'patients of a failed request not given back'));
    const a = answerOf(err, app.initialConfig.bodyLimit ?? 0);
    if (a) {
      if (a.code === 'DATABASE_UNAVAILABLE') request.log.warn({ reason: err.message }, 'database unavailable');
      return send(reply, request, a.status, a.detail, a.headers);
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, request, 500, ERROR_CATALOGUE.INTERNAL_ERROR.message);
  });
  app.setNotFoundHandler((request, reply) => send(reply, request, 404, `route ${request.method} ${request.url.split('?')[0]} not found`));
}

/** Longest path parameter the router accepts (Fastify's default); longer → 414. */
export const MAX_PARAM_LENGTH = 100;

/**
 * Errors the router raises before any route or hook runs (a malformed percent-encoding, a path
 * parameter over MAX_PARAM_LENGTH): the same envelope, request id and X-Request-Id as every other
 * error, and a message that says what to fix instead of Fastify's code.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (err, request, reply) => {
  const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (err.statusCode ?? 400);
  const detail = err.code === 'FST_ERR_BAD_URL'
    ? 'the URL path is not valid: it contains an invalid percent-encoding (a "%" must start an escape such as %25 or %2F)'
    : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `a path segment is longer than ${MAX_PARAM_LENGTH} characters; no id of this API is that long`
      : 'the request could not be routed';
  reply.header('X-Request-Id', request.id);
  send(reply, request, status, detail);
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (not HTTP, headers over the size
 * limit, too slow): the envelope as well, with a fresh request id, then the connection closes
 * (as Node and Fastify do: the rest of the stream cannot be trusted).
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let detail = 'not a valid HTTP request';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    detail = 'the request was not received in time';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    detail = 'the request headers are larger than the server accepts';
  }
  const id = randomUUID();
  const body = JSON.stringify(errorBody(status, detail, id));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${ERROR_NAMES[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
