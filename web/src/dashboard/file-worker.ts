/**
 * Web Worker: reads a dropped patient file and computes its dashboard off the page's thread,
 * posting progress as it goes. Message in: the File; out: progress, then the result or an error.
 */
import { aggregateFile, type FileDashboard, type Progress } from './file-aggregate.js';

export type WorkerReply =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: FileDashboard }
  | { type: 'error'; message: string };

const scope = self as unknown as { postMessage(m: WorkerReply): void; onmessage: ((e: MessageEvent<Blob>) => void) | null };

scope.onmessage = (e) => {
  aggregateFile(e.data, (progress) => scope.postMessage({ type: 'progress', progress })).then(
    (result) => scope.postMessage({ type: 'done', result }),
    (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};
