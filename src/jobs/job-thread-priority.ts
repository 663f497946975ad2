/**
 * Imported first by the job thread: lowers the thread's priority before the engine and format
 * modules are evaluated (ES modules evaluate in import order), so even the thread's start-up
 * work gives way to the HTTP event loop.
 */
import { workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './thread-priority.js';

const thread = (workerData as { medgenJobThread?: { nice?: number } } | null)?.medgenJobThread;
if (thread) lowerThreadPriority(thread.nice);
