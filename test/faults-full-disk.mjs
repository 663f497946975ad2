/**
 * A small disk without root (test/faults-disk.test.ts where mounting a tmpfs is not allowed):
 * preloaded with `--require` into a `medgen serve` child, which (unlike `--import`) also runs it
 * in every job thread; Node ≥ 20.19 requires an ES module without a flag.
 * Writes to files under MEDGEN_TEST_FULL_DIR fail with ENOSPC, as a full filesystem answers,
 * once the files under that folder hold MEDGEN_TEST_FULL_BYTES: the space is measured on the
 * folder itself, so removed files free it again, across threads and processes.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

const dir = process.env.MEDGEN_TEST_FULL_DIR;
const capacity = Number(process.env.MEDGEN_TEST_FULL_BYTES);

function used(path) {
  let total = 0;
  for (const entry of fs.readdirSync(path, { withFileTypes: true })) {
    const p = join(path, entry.name);
    try {
      total += entry.isDirectory() ? used(p) : fs.statSync(p).size;
    } catch {
      // removed meanwhile: it holds no space
    }
  }
  return total;
}

function noSpace() {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}

if (dir && capacity > 0) {
  /** Descriptors of files opened under the folder. */
  const watched = new Set();
  const under = (path) => typeof path === 'string' && (path === dir || path.startsWith(`${dir}/`));
  const sizeOf = (data, args) => {
    if (typeof data === 'string') return Buffer.byteLength(data);
    if (Array.isArray(data)) return data.reduce((n, b) => n + b.byteLength, 0);
    return typeof args[1] === 'number' ? args[1] : data.byteLength;
  };
  const full = (fd, data, args) => watched.has(fd) && used(dir) + sizeOf(data, args) > capacity;

  const { open, openSync, close, closeSync, write, writeSync, writev } = fs;
  fs.open = function (path, ...rest) {
    const cb = rest.pop();
    return open.call(fs, path, ...rest, (err, fd) => {
      if (!err && under(String(path))) watched.add(fd);
      cb(err, fd);
    });
  };
  fs.openSync = function (path, ...rest) {
    const fd = openSync.call(fs, path, ...rest);
    if (under(String(path))) watched.add(fd);
    return fd;
  };
  fs.close = function (fd, cb) {
    watched.delete(fd);
    return close.call(fs, fd, cb);
  };
  fs.closeSync = function (fd) {
    watched.delete(fd);
    return closeSync.call(fs, fd);
  };
  fs.write = function (fd, data, ...args) {
    if (!full(fd, data, args)) return write.call(fs, fd, data, ...args);
    const cb = args.pop();
    process.nextTick(cb, noSpace());
    return undefined;
  };
  fs.writeSync = function (fd, data, ...args) {
    if (full(fd, data, args)) throw noSpace();
    return writeSync.call(fs, fd, data, ...args);
  };
  fs.writev = function (fd, buffers, ...args) {
    if (!full(fd, buffers, [])) return writev.call(fs, fd, buffers, ...args);
    const cb = args.pop();
    process.nextTick(cb, noSpace());
    return undefined;
  };
  // `import { write } from 'node:fs'` reads the patched functions too.
  syncBuiltinESMExports();
}
