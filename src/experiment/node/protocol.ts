// Messages between the experiment runner and its worker threads.

import type { RunJob, RunOutcome } from '../core/run';

export type ToWorker = { type: 'run'; id: string; job: RunJob };
export type FromWorker = { type: 'done'; id: string; outcome: RunOutcome } | { type: 'error'; id: string; message: string };

export function isFromWorker(m: unknown): m is FromWorker {
  if (!m || typeof m !== 'object') return false;
  const v = m as Record<string, unknown>;
  return typeof v.id === 'string' && ((v.type === 'done' && typeof v.outcome === 'object' && v.outcome !== null) || (v.type === 'error' && typeof v.message === 'string'));
}
