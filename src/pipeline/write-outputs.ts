import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { DomainError } from '../errors/index.js';
import { generateBatches, runMetadata, type Patient, type Run } from '../engine/index.js';
import { openChain, ZipPackage, type BatchFormat, type OutputChain, type OutputFile, type OutputPlan } from '../formats/index.js';
import { DigestFile, type FileDigest } from './digest-file.js';
import { DirectFile } from './direct-file.js';
import type { EncoderThreads } from './encoder-threads.js';
import { generateToSinks } from './pipeline.js';

export interface WriteOptions {
  run: Run;
  plan: OutputPlan;
  /** Output folder, or '-' for standard output. */
  out: string;
  stdout: Writable;
  gzip: boolean;
  zip: boolean;
  /** Encrypts each file, or the ZIP when zipping. */
  password?: string;
  workers: number;
  /** Encoder threads started ahead (see EncoderThreads); the caller terminates them. */
  threads?: EncoderThreads;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Size and SHA-256 of every file on disk, computed while the bytes are written. */
  digest?: boolean;
  /** Sees every patient once, in order (summaries); costs nothing extra with one worker. */
  onPatients?: (batch: readonly Patient[]) => void;
  signal?: AbortSignal;
}

/** One file written to disk; `bytes` and `sha256` when digests were asked for. */
export interface WrittenFile extends Partial<FileDigest> {
  path: string;
  /** Path relative to the output folder, final suffixes included. */
  name: string;
  /** Name in the output plan (before .gz / .enc), for files of the plan. */
  planName?: string;
}

const ZIP_NAME = 'patients.zip';

/**
 * Runs the generation pipeline into every file of the plan, each through its chain
 * (encoder → gzip → encryption → file), or into one ZIP. Returns the paths written.
 */
export async function writeOutputs(o: WriteOptions): Promise<string[]> {
  return (await writeOutputFiles(o)).map((f) => f.path);
}

/**
 * A format that writes nothing and shows each batch to a callback: it rides along the
 * pipeline's own generation, so observing patients costs no second pass.
 */
function tapFormat(onPatients: (batch: readonly Patient[]) => void): BatchFormat {
  return {
    id: 'tap', extension: '', mediaType: '',
    header: () => '', footer: () => '',
    encodeBatch(patients) { onPatients(patients); return ''; },
  };
}

const discard = (): Writable => new Writable({ write(_chunk, _enc, cb) { cb(); } });

/** The disk is full (or the quota reached): said plainly instead of as a bare ENOSPC. */
export class OutputSpaceError extends DomainError {
  constructor(cause: unknown) {
    super('OUTPUT_SPACE', 'no space left on the output storage: the files could not be written and the partial ones were removed (free space on OUTPUT_DIR, or the --out folder, and retry)', { cause });
  }
}

const isNoSpace = (err: unknown): boolean => ['ENOSPC', 'EDQUOT'].includes((err as NodeJS.ErrnoException | undefined)?.code ?? '');

/**
 * writeOutputs with the details of each file written. Files are written into a temporary folder
 * beside them and moved into place only once all of them are complete: a run that fails (disk
 * full, aborted, a broken stream) leaves the folder as it was, including the previous run's
 * files of the same names, and a run that succeeds replaces them whole.
 */
export async function writeOutputFiles(o: WriteOptions): Promise<WrittenFile[]> {
  const created = new Set<string>();
  try {
    return await writeAll(o, created);
  } catch (err) {
    // Half-written files must not look like results; the folder itself may be the caller's.
    await Promise.all([...created].map((path) => rm(path, { force: true }).catch(() => undefined)));
    throw isNoSpace(err) ? new OutputSpaceError(err) : err;
  }
}

async function writeAll(o: WriteOptions, created: Set<string>): Promise<WrittenFile[]> {
  const meta = runMetadata(o.run);
  const toStdout = o.out === '-';
  const suffix = (o.gzip ? '.gz' : '') + (o.password !== undefined && !o.zip ? '.enc' : '');
  const fileName = (name: string): string => name + suffix;
  if (!toStdout) await mkdir(o.out, { recursive: true });
  const tmp = await mkdtemp(join(toStdout ? tmpdir() : o.out, '.medgen-tmp-'));
  const chains: OutputChain[] = [];
  const digests = new Map<string, DigestFile>();
  /** Final path → where it is written until every file is complete. */
  const staged = new Map<string, string>();
  const fileStream = (path: string): Writable => {
    const stage = join(tmp, `final-${staged.size}`);
    staged.set(path, stage);
    if (!o.digest) return new DirectFile(stage);
    const d = new DigestFile(stage);
    digests.set(path, d);
    return d;
  };
  const moveIntoPlace = async (): Promise<void> => {
    for (const [path, stage] of staged) {
      created.add(path);
      await rename(stage, path);
    }
  };
  const written = (path: string, name: string, planName?: string): WrittenFile => ({ path, name, planName, ...digests.get(path)?.digest() });
  try {
    let zip: { pkg: ZipPackage; chain: OutputChain; path: string } | undefined;
    const chainOpts = (f: OutputFile, password?: string) => ({
      encoder: f.encoder && ((dest: Writable) => (f.encoder as NonNullable<OutputFile['encoder']>)(dest, { tmpDir: tmp })),
      gzip: o.gzip,
      password,
    });
    if (o.zip) {
      const pkg = new ZipPackage(new Date(meta.generated_at));
      const path = toStdout ? '-' : join(o.out, ZIP_NAME + (o.password !== undefined ? '.enc' : ''));
      const chain = await openChain(toStdout ? o.stdout : fileStream(path), { password: o.password, endDestination: !toStdout });
      pkg.output.pipe(chain.head);
      zip = { pkg, chain, path };
    }
    const temps: string[] = [];
    for (const [i, f] of o.plan.files.entries()) {
      let dest: Writable;
      if (zip && i === 0) {
        // The first file streams straight into the ZIP; the others wait in temporary files.
        const entry = new PassThrough({ highWaterMark: 1 << 20 });
        zip.pkg.addStream(fileName(f.name), entry, !(o.gzip || f.compressed));
        dest = entry;
      } else if (zip) {
        temps[i] = join(tmp, `${i}.part`);
        dest = new DirectFile(temps[i] as string);
      } else if (toStdout) {
        dest = o.stdout;
      } else {
        const path = join(o.out, fileName(f.name));
        await mkdir(dirname(path), { recursive: true });
        dest = fileStream(path);
      }
      chains.push(await openChain(dest, { ...chainOpts(f, zip ? undefined : o.password), endDestination: !(toStdout && !zip), copy: zip !== undefined && i === 0 }));
    }

    const formats = o.plan.files.map((f) => f.format);
    const sinks = chains.map((c) => c.head);
    // Worker threads resolve formats by id, so the tap can only ride along inline.
    const tap = o.onPatients !== undefined && o.workers <= 1;
    await generateToSinks({
      run: o.run, formats: tap ? [...formats, tapFormat(o.onPatients as NonNullable<WriteOptions['onPatients']>)] : formats,
      sinks: tap ? [...sinks, discard()] : sinks,
      workers: o.workers, threads: o.threads, batchSize: o.batchSize, onProgress: o.onProgress, signal: o.signal,
    });
    if (o.onPatients && !tap) {
      for (const batch of generateBatches(o.run, o.batchSize ?? 256)) o.onPatients(batch);
    }
    for (const c of chains) c.head.end();
    await Promise.all(chains.map((c) => c.done));

    const lineCounts = new Map(o.plan.files.map((f, i) => [f.name, (chains[i] as OutputChain).lines()]));
    const extras = o.plan.extras(meta, (name) => ({ lines: lineCounts.get(name) ?? 0, fileName: fileName(name) }));
    const paths: WrittenFile[] = [];
    if (zip) {
      o.plan.files.forEach((f, i) => {
        if (i > 0) zip.pkg.addFile(fileName(f.name), temps[i] as string, !(o.gzip || f.compressed));
      });
      for (const e of extras) {
        const path = join(tmp, `extra-${paths.length}.part`);
        await writeThrough(createWriteStream(path), e.content, { gzip: o.gzip });
        zip.pkg.addFile(fileName(e.name), path, !o.gzip);
      }
      zip.pkg.end();
      await zip.chain.done;
      paths.push(written(zip.path, ZIP_NAME + (o.password !== undefined ? '.enc' : '')));
    } else if (!toStdout) {
      for (const e of extras) {
        const path = join(o.out, fileName(e.name));
        await mkdir(dirname(path), { recursive: true });
        await writeThrough(fileStream(path), e.content, { gzip: o.gzip, password: o.password });
      }
      paths.push(
        ...o.plan.files.map((f) => written(join(o.out, fileName(f.name)), fileName(f.name), f.name)),
        ...extras.map((e) => written(join(o.out, fileName(e.name)), fileName(e.name), e.name)),
      );
    }
    await moveIntoPlace();
    return paths;
  } catch (err) {
    for (const c of chains) c.head.destroy();
    throw err;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** A small file written through the same gzip/encryption chain as the others. */
async function writeThrough(dest: Writable, content: string, opts: { gzip: boolean; password?: string }): Promise<void> {
  const chain = await openChain(dest, opts);
  chain.head.end(content);
  await chain.done;
}
