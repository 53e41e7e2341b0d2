// Drives a schedule in the calling thread: for tests, for one-thread use, and inside a browser
// worker. The Node runner (node/runner.ts) drives the same schedule across worker threads.

import { runOne, type RunJob, type RunOutcome } from './core/run';
import { buildResults } from './results';
import { ExperimentSchedule } from './schedule';
import type { ExperimentPlan, ExperimentResults } from './types';

export const PRODUCER_CORE = 'scaling-lens (TypeScript core)';

export function runInThread(plan: ExperimentPlan, execute: (job: RunJob) => RunOutcome = runOne, onRun?: (finished: number) => void): { schedule: ExperimentSchedule; results: ExperimentResults } {
  const schedule = new ExperimentSchedule(plan);
  const started = Date.now();
  let finished = 0;
  while (!schedule.done) {
    const [next] = schedule.take(1);
    if (!next) throw new Error('the schedule is stuck: no run is ready and it is not done');
    schedule.record(next.id, execute(next.job));
    onRun?.(++finished);
  }
  return { schedule, results: buildResults(plan, schedule, 'complete', { producer: PRODUCER_CORE, seconds: (Date.now() - started) / 1000 }) };
}
