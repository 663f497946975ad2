/**
 * Priorities of the threads that do bulk work: job threads and the encoder threads they start.
 * The one module for it: the job thread calls lowerThreadPriority first thing in its entry
 * script, encoder threads once their code is loaded.
 */

import { readlinkSync, stat } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { debuglog } from 'node:util';

const debug = debuglog('medgen');

/**
 * Nice value of job threads and the encoder threads they start. Generation saturates every
 * core it is given; at nice 10 the kernel still gives it all the CPU nobody else wants, but the
 * HTTP event loop (nice 0) preempts it as soon as a request arrives, so health checks and
 * submits keep their latency while big jobs run.
 */
export const BULK_NICE = 10;

/**
 * The kernel id of the calling thread (Linux). Nice is per thread on Linux, and
 * `setpriority(PRIO_PROCESS, tid)` changes only that thread; /proc/thread-self names it.
 */
export function currentThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    return Number.isSafeInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lowers the calling thread's priority to `nice` (0–19); threads it creates afterwards inherit
 * it. Never raises a priority (a thread already nicer stays so, and raising needs privileges).
 * Returns the thread's nice value afterwards, or undefined where per-thread priorities are not
 * supported (then nothing changes).
 *
 * Only call this from threads that do bulk work (job and encoder threads), never from the
 * main thread.
 */
export function lowerThreadPriority(nice: number = BULK_NICE): number | undefined {
  const wanted = Math.min(19, Math.max(0, Math.trunc(nice)));
  const tid = currentThreadId();
  if (tid === undefined) {
    debug('thread priority unchanged: per-thread nice values need Linux (platform %s)', process.platform);
    return undefined;
  }
  try {
    const current = getPriority(tid);
    if (current >= wanted) return current;
    setPriority(tid, wanted);
    return getPriority(tid);
  } catch (err) {
    debug('thread priority unchanged for thread %d: %s', tid, (err as Error).message);
    return undefined;
  }
}

let poolStarted = false;

/**
 * Makes sure libuv's threadpool (files, zlib, crypto, DNS for the whole process) exists before
 * a job thread is niced: libuv creates it on first use, and its threads would inherit the nice
 * value of whichever thread used it first, slowing the event loop's own file and crypto work.
 * Call it on the main thread before starting a job thread; the first call submits one tiny
 * asynchronous `stat`, which creates the pool synchronously, right here.
 */
export function startThreadPoolHere(): void {
  if (poolStarted) return;
  poolStarted = true;
  stat('.', () => undefined);
}
