import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { JobOutputRow } from '../../db/index.js';
import { ZipPackage } from '../../formats/index.js';
import { JOB_FORMATS } from '../../jobs/index.js';
import type { App, JobDeps } from '../app-type.js';
import { errors } from '../errors.js';
import { JobIdParams, loadJob } from './jobs.js';

const MEDIA: Record<string, string> = {
  json: 'application/json', ndjson: 'application/x-ndjson', csv: 'text/csv; charset=utf-8', xml: 'application/xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fhir: 'application/fhir+ndjson',
  'msel-csv': 'text/csv; charset=utf-8', 'msel-xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', handover: 'application/x-ndjson',
  'cards-pdf': 'application/pdf',
};

/** Already compressed (or encrypted, hence incompressible) bytes are stored, not deflated again. */
function compressible(o: JobOutputRow): boolean {
  return !/\.(gz|enc|xlsx|pdf)$/.test(o.name);
}

/** `patients.json.gz` → `patients_<id>.json.gz` */
function downloadName(name: string, jobId: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  return dot < 0 ? `${base}_${jobId}` : `${base.slice(0, dot)}_${jobId}${base.slice(dot)}`;
}

/** GET /api/v1/downloads/{id}: the job's files as one streamed ZIP, or one format's file alone. */
export function registerDownloadRoutes(app: App, deps: JobDeps): void {
  const { jobs } = deps.services;
  app.get('/api/v1/downloads/:id', {
    config: { auth: 'key' },
    schema: {
      tags: ['downloads'], summary: "A completed job's output files as a streamed ZIP (?format=json: that file alone)", params: JobIdParams,
      querystring: Type.Object({ format: Type.Optional(Type.Union(JOB_FORMATS.map((f) => Type.Literal(f)))) }),
      produces: ['application/zip', 'application/json', 'application/octet-stream'],
      // A stream is sent; the schema only documents the bytes.
      response: { 200: Type.Unsafe<Readable>(Type.String({ format: 'binary' })) },
    },
  }, async (request, reply) => {
    const row = await loadJob(jobs, request);
    if (row.status !== 'completed') throw errors.badRequest(`job ${row.id} is ${row.status}; downloads are available once it has completed`);
    const { format } = request.query as { format?: string };
    const all = await jobs.outputs(row.id);
    const files = format ? all.filter((o) => o.format === format) : all;
    if (format && files.length === 0) throw errors.badRequest(`job ${row.id} has no ${format} output; it has ${[...new Set(all.map((o) => o.format))].join(', ') || 'none'}`);
    const present = await Promise.all(files.map((o) => jobs.storage.exists(o.path)));
    if (files.length === 0 || present.includes(false)) throw errors.notFound(`output files of job "${row.id}" (they expire after ${Math.round(jobs.retentionHours)} hours)`);

    const single = files.length === 1 && format !== undefined ? files[0] : undefined;
    if (single) {
      const encrypted = single.name.endsWith('.enc');
      const type = encrypted ? 'application/octet-stream' : single.name.endsWith('.gz') ? 'application/gzip' : (MEDIA[single.format] ?? 'application/octet-stream');
      reply.header('Content-Type', type)
        .header('Content-Length', String(single.bytes))
        .header('Content-Disposition', `attachment; filename="${downloadName(single.name, row.id)}"`);
      return reply.send(jobs.storage.open(single.path, Number(single.bytes)));
    }
    const zip = new ZipPackage(new Date(row.completed_at ?? row.created_at));
    const storage = jobs.storage;
    for (const o of files) {
      if (storage.localPath) zip.addFile(o.name, storage.localPath(o.path), compressible(o));
      else zip.addStream(o.name, storage.open(o.path), compressible(o));
    }
    zip.end();
    reply.header('Content-Type', 'application/zip')
      .header('Content-Disposition', `attachment; filename="patients_${row.id}.zip"`);
    return reply.send(zip.output);
  });
}
