import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { runMetadata, type Run } from '../engine/index.js';
import { openChain, ZipPackage, type OutputChain, type OutputFile, type OutputPlan } from '../formats/index.js';
import { generateToSinks } from '../jobs/index.js';

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
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

const ZIP_NAME = 'patients.zip';

/**
 * Runs the generation pipeline into every file of the plan, each through its chain
 * (encoder → gzip → encryption → file), or into one ZIP. Returns the paths written.
 */
export async function writeOutputs(o: WriteOptions): Promise<string[]> {
  const meta = runMetadata(o.run);
  const toStdout = o.out === '-';
  const suffix = (o.gzip ? '.gz' : '') + (o.password !== undefined && !o.zip ? '.enc' : '');
  const fileName = (name: string): string => name + suffix;
  if (!toStdout) await mkdir(o.out, { recursive: true });
  const tmp = await mkdtemp(join(toStdout ? tmpdir() : o.out, '.medgen-tmp-'));
  const chains: OutputChain[] = [];
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
      const chain = await openChain(toStdout ? o.stdout : createWriteStream(path), { password: o.password, endDestination: !toStdout });
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
        dest = createWriteStream(temps[i] as string, { highWaterMark: 1 << 20 });
      } else if (toStdout) {
        dest = o.stdout;
      } else {
        const path = join(o.out, fileName(f.name));
        await mkdir(dirname(path), { recursive: true });
        dest = createWriteStream(path, { highWaterMark: 1 << 20 });
      }
      chains.push(await openChain(dest, { ...chainOpts(f, zip ? undefined : o.password), endDestination: !(toStdout && !zip), copy: zip !== undefined && i === 0 }));
    }

    await generateToSinks({
      run: o.run, formats: o.plan.files.map((f) => f.format), sinks: chains.map((c) => c.head),
      workers: o.workers, batchSize: o.batchSize, onProgress: o.onProgress,
    });
    for (const c of chains) c.head.end();
    await Promise.all(chains.map((c) => c.done));

    const lineCounts = new Map(o.plan.files.map((f, i) => [f.name, (chains[i] as OutputChain).lines()]));
    const extras = o.plan.extras(meta, (name) => ({ lines: lineCounts.get(name) ?? 0, fileName: fileName(name) }));
    const paths: string[] = [];
    if (zip) {
      o.plan.files.forEach((f, i) => {
        if (i > 0) zip.pkg.addFile(fileName(f.name), temps[i] as string, !(o.gzip || f.compressed));
      });
      for (const e of extras) {
        const path = join(tmp, `extra-${paths.length}.part`);
        await writeThrough(path, e.content, { gzip: o.gzip });
        zip.pkg.addFile(fileName(e.name), path, !o.gzip);
      }
      zip.pkg.end();
      await zip.chain.done;
      paths.push(zip.path);
    } else if (!toStdout) {
      for (const e of extras) await writeThrough(join(o.out, fileName(e.name)), e.content, { gzip: o.gzip, password: o.password });
      paths.push(...o.plan.files.map((f) => join(o.out, fileName(f.name))), ...extras.map((e) => join(o.out, fileName(e.name))));
    }
    return paths;
  } catch (err) {
    for (const c of chains) c.head.destroy();
    throw err;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** A small file written through the same gzip/encryption chain as the others. */
async function writeThrough(path: string, content: string, opts: { gzip: boolean; password?: string }): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const chain = await openChain(createWriteStream(path), opts);
  chain.head.end(content);
  await chain.done;
}
