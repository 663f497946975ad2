/** Small shared pieces: field messages, status badges, notices. */
import type { ReactNode } from 'react';
import type { JobStatus } from '../api/types.js';

export function FieldErrors({ id, messages }: { id?: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="field-errors" id={id} role="alert">
      {messages.map((m, i) => <li key={i}><span aria-hidden="true">⚠ </span>{m}</li>)}
    </ul>
  );
}

const STATUS_ICON: Record<JobStatus, string> = {
  pending: '…', queued: '⏳', running: '▶', completed: '✓', failed: '✗', cancelled: '⊘',
};

export function StatusBadge({ status }: { status: JobStatus }) {
  return <span className={`badge status-${status}`}><span aria-hidden="true">{STATUS_ICON[status] ?? '?'} </span>{status}</span>;
}

export function Notice({ kind, children }: { kind: 'error' | 'info' | 'warn' | 'ok'; children: ReactNode }) {
  return <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</div>;
}

export function formatDuration(seconds: number | undefined | null): string {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export { fmtInt } from './format.js';
