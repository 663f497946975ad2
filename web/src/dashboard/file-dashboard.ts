/** Runs the file worker for one file; the page stays responsive whatever the file's size. */
import type { FileDashboard, Progress } from './file-aggregate.js';
import type { WorkerReply } from './file-worker.js';

export function dashboardOfFile(file: Blob, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<FileDashboard> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./file-worker.ts', import.meta.url), { type: 'module' });
    const end = () => worker.terminate();
    signal.addEventListener('abort', () => {
      end();
      reject(new DOMException('aborted', 'AbortError'));
    }, { once: true });
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === 'progress') onProgress(m.progress);
      else {
        end();
        if (m.type === 'done') resolve(m.result);
        else reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      end();
      reject(new Error(e.message || 'the file could not be read'));
    };
    worker.postMessage(file);
  });
}

/** Why a file gave no dashboard, or undefined when it has patients. */
export function emptyReason(r: FileDashboard): string | undefined {
  if (r.data.summary.total_patients > 0) return undefined;
  const first = r.rejected[0];
  return first ? `none of the entries can be counted (first problem: ${first.label} ${first.reason})` : 'the file holds no patients';
}
