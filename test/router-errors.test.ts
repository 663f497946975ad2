import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-helpers.js';

interface Envelope { error: string; detail: unknown; timestamp: string; request_id: string }

/** A raw GET: fetch would normalise a path such as `/%`. */
function rawGet(s: TestServer, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(s.url);
    const req = httpRequest({ host: u.hostname, port: u.port, path, method: 'GET', agent: false, headers: { 'X-API-Key': 'test-operator-key-0123456789', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('errors raised by the router use the error envelope', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(async () => { await s.close(); });

  function expectEnvelope(r: { status: number; headers: Record<string, string | string[] | undefined>; body: string }, status: number, error: string): Envelope {
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(r.body) as Envelope;
    expect(r.status, r.body).toBe(status);
    expect(body.error).toBe(error);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(body.request_id).toBeTruthy();
    expect(r.headers['x-request-id']).toBe(body.request_id);
    expect(r.body).not.toMatch(/FST_ERR|statusCode/);
    return body;
  }

  it('a malformed percent-encoding (GET /api/v1/downloads/%) → 400 envelope saying what is wrong', async () => {
    const body = expectEnvelope(await rawGet(s, '/api/v1/downloads/%'), 400, 'Bad Request');
    expect(body.detail).toMatch(/percent-encoding/);
    expectEnvelope(await rawGet(s, '/api/v1/jobs/%E0%A4%A'), 400, 'Bad Request');
  });

  it('a path parameter over 100 characters → 414 URI Too Long envelope', async () => {
    const body = expectEnvelope(await rawGet(s, `/api/v1/jobs/${'a'.repeat(101)}`), 414, 'URI Too Long');
    expect(body.detail).toMatch(/longer than 100 characters/);
    expect((await rawGet(s, `/api/v1/jobs/${'a'.repeat(100)}`)).status).toBe(404); // the limit itself routes
  });

  it('keeps a caller\'s X-Request-Id', async () => {
    const body = expectEnvelope(await rawGet(s, '/api/v1/downloads/%', { 'X-Request-Id': 'trace-42' }), 400, 'Bad Request');
    expect(body.request_id).toBe('trace-42');
  });

  /** Bytes written straight to the socket: requests Node's HTTP parser itself refuses. */
  function rawBytes(payload: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    return new Promise((resolve, reject) => {
      const u = new URL(s.url);
      const socket = connect(Number(u.port), u.hostname, () => socket.end(payload));
      let text = '';
      socket.on('data', (c: Buffer) => { text += c.toString('utf8'); });
      socket.on('error', () => undefined); // the server closes after answering
      socket.on('close', () => {
        const [head = '', body = ''] = text.split('\r\n\r\n');
        const [statusLine = '', ...lines] = head.split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const status = Number(statusLine.split(' ')[1]);
        if (!status) reject(new Error(`no HTTP answer: ${JSON.stringify(text)}`));
        else resolve({ status, headers, body });
      });
    });
  }

  it('a request the HTTP parser refuses (garbage, headers too large) → the envelope too', async () => {
    const garbage = await rawBytes('NOT HTTP AT ALL\r\n\r\n');
    const g = expectEnvelope(garbage, 400, 'Bad Request');
    expect(g.detail).toMatch(/not a valid HTTP request/);
    const big = await rawBytes(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const b = expectEnvelope(big, 431, 'Request Header Fields Too Large');
    expect(b.detail).toMatch(/headers/);
  });

  it('an unknown route is a 404 envelope as before', async () => {
    expectEnvelope(await rawGet(s, '/api/v1/nothing-here'), 404, 'Not Found');
  });
});
