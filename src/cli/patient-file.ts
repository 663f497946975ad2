import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface PatientFileHandler {
  metadata(meta: Record<string, unknown>): void;
  patient(record: unknown): void;
  invalidLine(lineNumber: number, reason: string): void;
}

const WHOLE_DOCUMENT_LIMIT = 256 * 1024 * 1024;

/**
 * Reads patients from NDJSON, from our streamed JSON (one patient per line inside the array),
 * or from any other JSON document (a bare array, `{metadata, patients}`, items wrapped as
 * `{patient: …}`) — the last one in memory, so it is capped in size.
 */
export async function readPatientFile(path: string, handler: PatientFileHandler): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let mode: 'unknown' | 'ndjson' | 'streamed-json' | 'document' = 'unknown';
  for await (const raw of lines) {
    lineNumber++;
    const line = raw.trim();
    if (line.length === 0) continue;
    if (mode === 'unknown') {
      if (line.startsWith('{"metadata":') && line.endsWith('"patients":[')) {
        mode = 'streamed-json';
        handler.metadata(JSON.parse(line.slice(0, -'"patients":['.length).replace(/,$/, '') + '}') as Record<string, unknown>);
        continue;
      }
      mode = isJsonObjectLine(line) ? 'ndjson' : 'document';
      if (mode === 'document') break;
    }
    if (mode === 'streamed-json') {
      if (line === ']}' || line === ']') break;
      parseLine(line.replace(/,$/, ''), lineNumber, handler);
    } else {
      parseLine(line, lineNumber, handler);
    }
  }
  lines.close();
  if (mode === 'document') await readWholeDocument(path, handler);
}

function isJsonObjectLine(line: string): boolean {
  if (!line.startsWith('{') || !line.endsWith('}')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function parseLine(line: string, lineNumber: number, handler: PatientFileHandler): void {
  try {
    handler.patient(unwrap(JSON.parse(line)));
  } catch (err) {
    handler.invalidLine(lineNumber, (err as Error).message);
  }
}

function unwrap(item: unknown): unknown {
  if (item !== null && typeof item === 'object' && 'patient' in item && typeof (item as { patient: unknown }).patient === 'object') {
    return (item as { patient: unknown }).patient;
  }
  return item;
}

async function readWholeDocument(path: string, handler: PatientFileHandler): Promise<void> {
  const { size } = await stat(path);
  if (size > WHOLE_DOCUMENT_LIMIT) throw new Error(`${path}: a JSON document over 256 MiB must be NDJSON or medgen's streamed JSON`);
  const { readFile } = await import('node:fs/promises');
  const doc = JSON.parse(await readFile(path, 'utf8')) as unknown;
  let items: unknown[];
  if (Array.isArray(doc)) items = doc;
  else if (doc !== null && typeof doc === 'object' && Array.isArray((doc as { patients?: unknown }).patients)) {
    const { metadata, patients } = doc as { metadata?: Record<string, unknown>; patients: unknown[] };
    if (metadata) handler.metadata(metadata);
    items = patients;
  } else throw new Error(`${path}: expected an array of patients, {metadata, patients} or NDJSON`);
  for (const item of items) handler.patient(unwrap(item));
}
