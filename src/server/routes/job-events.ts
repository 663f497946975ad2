import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { TERMINAL_STATUSES } from '../../db/index.js';
import { jobEvent, type JobEvent } from '../../jobs/index.js';
import type { App, JobDeps } from '../app-type.js';
import { JobIdParams, JOBS, jobTags, loadJob } from './jobs.js';

const POLL_MS = 1_000;
const KEEPALIVE_MS = 15_000;

/**
 * GET /jobs/{id}/events: Server-Sent Events (`data: {json}`) until the job is terminal, then the
 * stream ends. Events come from this process as they happen and from the database once a
 * second, so a client reattaching later, or to another API process, still follows the job.
 */
export function registerJobEventRoutes(app: App, deps: JobDeps): void {
  const { jobs } = deps.services;
  const open = new Set<() => void>();
  app.addHook('preClose', async () => { for (const close of [...open]) close(); });

  app.get(`${JOBS}/:id/events`, {
    config: { auth: 'key' },
    schema: {
      tags: jobTags, summary: 'Progress of a job as Server-Sent Events until it finishes', params: JobIdParams,
      produces: ['text/event-stream'],
      // A stream is sent; the schema only documents its lines.
      response: { 200: Type.Unsafe<PassThrough>(Type.String({ description: 'text/event-stream: `data: {job_id, status, progress, patients_generated, total_patients, current_step, estimated_remaining_time, error?}`' })) },
    },
  }, async (request, reply) => {
    const row = await loadJob(jobs, request);
    const stream = new PassThrough();
    let last = '';
    let lastDone = -1;
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      clearInterval(keepalive);
      unsubscribe();
      open.delete(close);
      stream.end();
    };
    const send = (e: JobEvent): void => {
      if (closed) return;
      // Database polls may lag behind live events: never show progress going backwards.
      if (e.status === 'running' && e.patients_generated < lastDone) return;
      const text = JSON.stringify(e);
      if (text === last) return;
      last = text;
      if (e.status === 'running') lastDone = e.patients_generated;
      stream.write(`data: ${text}\n\n`);
      if (TERMINAL_STATUSES.includes(e.status)) close();
    };
    const unsubscribe = jobs.subscribe(row.id, send);
    const poll = setInterval(() => {
      jobs.repo.findById(row.id).then((current) => {
        if (current) send(jobEvent(current));
        else close(); // deleted
      }, () => undefined);
    }, POLL_MS);
    const keepalive = setInterval(() => { if (!closed) stream.write(': keepalive\n\n'); }, KEEPALIVE_MS);
    open.add(close);
    request.raw.once('close', close);
    send(jobEvent(row));
    reply.header('Content-Type', 'text/event-stream; charset=utf-8').header('Cache-Control', 'no-cache').header('X-Accel-Buffering', 'no');
    return reply.send(stream);
  });
}
