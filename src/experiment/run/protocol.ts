// Messages between the experiment runner and its worker threads: a run, or planning for one of a
// file's models (so that the editor's host thread never analyses).

import type { RunJob, RunOutcome } from '../core/run';
import type { PlanAnswer, PlanRequest } from './fromModels';

export type ToWorker = { type: 'run'; id: string; job: RunJob } | { type: 'plan'; id: string; request: PlanRequest };
export type FromWorker =
  | { type: 'done'; id: string; outcome: RunOutcome }
  | { type: 'planned'; id: string; answer: PlanAnswer }
  | { type: 'error'; id: string; message: string };

export function isFromWorker(m: unknown): m is FromWorker {
  if (!m || typeof m !== 'object') return false;
  const v = m as Record<string, unknown>;
  if (typeof v.id !== 'string') return false;
  if (v.type === 'done') return typeof v.outcome === 'object' && v.outcome !== null;
  if (v.type === 'planned') return typeof v.answer === 'object' && v.answer !== null;
  return v.type === 'error' && typeof v.message === 'string';
}
