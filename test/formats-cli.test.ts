import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../src/cli/index.js';
import { binary } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'medgen-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'correct horse battery staple';

/** The CLI in-process, with environment variables (the shared helper passes none). */
async function run(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  const errs: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  err.on('data', (c: Buffer) => errs.push(c));
  const io: CliIo = { stdout: out, stderr: err, env };
  const code = await main(['node', 'medgen', ...args], io);
  return { code, stdout: Buffer.concat(chunks), stderr: Buffer.concat(errs).toString('utf8') };
}

function unzip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => { files.set(entry.fileName, Buffer.concat(parts)); zip.readEntry(); });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const base = ['generate', '--preset', 'training_exercise', '--seed', '11', '--quiet'];
const ALL = 'json,ndjson,csv,xml,xlsx,fhir,fhir-bulk';
const BULK = ['Patient', 'Location', 'Encounter', 'Condition', 'AllergyIntolerance', 'Procedure', 'MedicationAdministration', 'Observation'];

describe('medgen generate --format (every format)', () => {
  const plain = join(dir, 'plain');

  it('writes every format, each readable by a standard parser', async () => {
    const res = await run({}, ...base, '--format', ALL, '--timeline-csv', '--out', plain);
    expect(res.code, res.stderr).toBe(0);
    const csv = parse(readFileSync(join(plain, 'patients.csv')), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(100);
    const timeline = parse(readFileSync(join(plain, 'timeline.csv')), { columns: true }) as Record<string, string>[];
    expect(timeline).toHaveLength(csv.reduce((n, r) => n + Number(r.total_timeline_events), 0));
    expect(XMLValidator.validate(readFileSync(join(plain, 'patients.xml'), 'utf8'))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(plain, 'patients.xlsx'));
    expect(wb.getWorksheet('Patients')?.rowCount).toBe(101);
    expect(wb.getWorksheet('Timeline')?.rowCount).toBe(timeline.length + 1);
    const bundles = readFileSync(join(plain, 'patients.fhir.ndjson'), 'utf8').trimEnd().split('\n');
    expect(bundles).toHaveLength(100);
    expect(JSON.parse(bundles[0] as string)).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const manifest = JSON.parse(readFileSync(join(plain, 'fhir-bulk', 'manifest.json'), 'utf8')) as { output: { type: string; url: string; count: number }[] };
    expect(manifest.output.map((o) => o.type)).toEqual(BULK);
    for (const o of manifest.output) {
      expect(readFileSync(join(plain, 'fhir-bulk', o.url), 'utf8').trimEnd().split('\n')).toHaveLength(o.count);
    }
    expect(manifest.output[0]?.count).toBe(100);
  });

  it('writes the same XLSX bytes for the same seed, whatever the worker count', async () => {
    const a = join(dir, 'xlsx-a');
    const b = join(dir, 'xlsx-b');
    expect((await run({}, ...base, '--format', 'xlsx', '--out', a)).code).toBe(0);
    expect((await run({}, ...base, '--format', 'xlsx', '--workers', '2', '--out', b)).code).toBe(0);
    const bytes = readFileSync(join(a, 'patients.xlsx'));
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.equals(readFileSync(join(b, 'patients.xlsx')))).toBe(true);
    expect(bytes.equals(readFileSync(join(plain, 'patients.xlsx')))).toBe(true);
  });

  it('writes transaction bundles on request', async () => {
    const res = await run({}, ...base, '--format', 'fhir', '--fhir-bundle-type', 'transaction', '--out', '-');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout.toString().split('\n')[0] as string)).toMatchObject({ type: 'transaction' });
    expect((await run({}, ...base, '--format', 'fhir', '--fhir-bundle-type', 'batch', '--out', '-')).code).toBe(2);
  });

  it('gzips each file to the same bytes', async () => {
    const out = join(dir, 'gz');
    expect((await run({}, ...base, '--format', 'csv,xml,fhir-bulk', '--gzip', '--out', out)).code).toBe(0);
    expect(gunzipSync(readFileSync(join(out, 'patients.csv.gz'))).equals(readFileSync(join(plain, 'patients.csv')))).toBe(true);
    expect(gunzipSync(readFileSync(join(out, 'patients.xml.gz'))).equals(readFileSync(join(plain, 'patients.xml')))).toBe(true);
    const manifest = JSON.parse(gunzipSync(readFileSync(join(out, 'fhir-bulk', 'manifest.json.gz'))).toString()) as { output: { url: string }[] };
    expect(manifest.output[0]?.url).toBe('Patient.ndjson.gz');
  });

  it('packs all outputs into one ZIP', async () => {
    const out = join(dir, 'zip');
    expect((await run({}, ...base, '--format', 'csv,xml,xlsx,fhir-bulk', '--timeline-csv', '--zip', '--out', out)).code).toBe(0);
    expect(readdirSync(out)).toEqual(['patients.zip']);
    const files = await unzip(join(out, 'patients.zip'));
    expect([...files.keys()]).toEqual(['patients.csv', 'timeline.csv', 'patients.xml', 'patients.xlsx', ...BULK.map((t) => `fhir-bulk/${t}.ndjson`), 'fhir-bulk/manifest.json']);
    for (const name of ['patients.csv', 'timeline.csv', 'patients.xml', 'fhir-bulk/Observation.ndjson', 'fhir-bulk/manifest.json']) {
      expect(files.get(name)?.equals(readFileSync(join(plain, name))), name).toBe(true);
    }
  });
});

describe('encryption and medgen decrypt', () => {
  const env = { MEDGEN_PASSWORD: PASSWORD };

  it('encrypts each file; decrypt restores the exact bytes; the password appears nowhere', async () => {
    const out = join(dir, 'enc');
    const res = await run(env, 'generate', '--preset', 'training_exercise', '--seed', '11', '--format', 'csv,fhir', '--gzip', '--encrypt', '--out', out);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).not.toContain(PASSWORD);
    expect(readdirSync(out).sort()).toEqual(['patients.csv.gz.enc', 'patients.fhir.ndjson.gz.enc']);
    const sealed = readFileSync(join(out, 'patients.csv.gz.enc'));
    expect(sealed.subarray(0, 7).toString()).toBe('MEDGEN1');
    const dec = await run(env, 'decrypt', join(out, 'patients.csv.gz.enc'));
    expect(dec.code, dec.stderr).toBe(0);
    expect(gunzipSync(readFileSync(join(out, 'patients.csv.gz'))).equals(readFileSync(join(dir, 'plain', 'patients.csv')))).toBe(true);
    expect((await run(env, 'decrypt', join(out, 'patients.csv.gz.enc'))).stderr).toMatch(/already exists/);
    const toStdout = await run(env, 'decrypt', join(out, 'patients.fhir.ndjson.gz.enc'), '--out', '-');
    expect(gunzipSync(toStdout.stdout).equals(readFileSync(join(dir, 'plain', 'patients.fhir.ndjson')))).toBe(true);
  });

  it('encrypts the ZIP as a whole', async () => {
    const out = join(dir, 'zipenc');
    expect((await run(env, ...base, '--format', 'csv,fhir-bulk', '--zip', '--encrypt', '--out', out)).code).toBe(0);
    expect(readdirSync(out)).toEqual(['patients.zip.enc']);
    expect((await run(env, 'decrypt', join(out, 'patients.zip.enc'))).code).toBe(0);
    const files = await unzip(join(out, 'patients.zip'));
    expect(files.get('patients.csv')?.equals(readFileSync(join(dir, 'plain', 'patients.csv')))).toBe(true);
  });

  it('rejects a flipped byte or a wrong password with exit 1 and writes nothing', async () => {
    const out = join(dir, 'tamper');
    expect((await run(env, ...base, '--format', 'csv', '--encrypt', '--out', out)).code).toBe(0);
    const file = join(out, 'patients.csv.enc');
    const wrong = await run({ MEDGEN_PASSWORD: 'not it' }, 'decrypt', file);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/wrong password, or the file was modified/);
    expect(wrong.stderr).not.toContain('not it');
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0x10;
    writeFileSync(file, bytes);
    const tampered = await run(env, 'decrypt', file);
    expect(tampered.code).toBe(1);
    expect(readdirSync(out)).toEqual(['patients.csv.enc']); // no output, no temporary file left
    expect(existsSync(join(out, 'patients.csv'))).toBe(false);
  });

  it('needs a password from MEDGEN_PASSWORD or a terminal', async () => {
    const res = await run({}, ...base, '--format', 'csv', '--encrypt', '--out', join(dir, 'nopw'));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/MEDGEN_PASSWORD/);
    expect((await run(env, 'decrypt', join(dir, 'missing.enc'))).code).toBe(1);
  });
});

describe('usage', () => {
  it('rejects unknown formats and several files to standard output', async () => {
    expect((await run({}, ...base, '--format', 'csv,pdf', '--out', '-')).stderr).toMatch(/unknown format "pdf"/);
    expect((await run({}, ...base, '--format', 'csv,xml', '--out', '-')).code).toBe(2);
    expect((await run({}, ...base, '--format', 'fhir-bulk', '--out', '-')).code).toBe(2);
    expect((await run({}, ...base, '--format', 'csv', '--timeline-csv', '--out', '-')).code).toBe(2);
    const zipped = await run({}, ...base, '--format', 'csv,xml', '--zip', '--out', '-');
    expect(zipped.code).toBe(0);
    expect(zipped.stdout.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('the real binary', () => {
  it('writes the same csv, timeline, xml and fhir bytes with 1 or 2 workers', () => {
    for (const format of ['csv', 'timeline', 'xml', 'fhir']) {
      const args = ['generate', '--patients', '1500', '--seed', '5', '--format', format, '--out', '-'];
      const one = binary([...args, '--workers', '1']);
      expect(one.code, one.stderr).toBe(0);
      expect(binary([...args, '--workers', '2', '--batch-size', '17']).bytes.equals(one.bytes), format).toBe(true);
    }
  });
});
