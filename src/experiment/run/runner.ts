// Runs an experiment across worker threads, with progress, cancellation and partial results.
// The command line and the editor both use it; the numbers come from the pure core.

import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunOutcome } from '../core/run';
import { PRODUCER_CORE } from '../drive';
import { buildResults } from '../results';
import { ExperimentSchedule, type ScheduledJob } from '../schedule';
import { FAILED } from '../summarize';
import type { ExperimentPlan, ExperimentResults } from '../types';
import type { PlanAnswer, PlanRequest } from './fromModels';
import { isFromWorker, type ToWorker } from './protocol';

export interface Progress {
  /** Runs finished and runs issued so far (levels of P are added as the grid grows). */
  finished: number;
  issued: number;
  dimsDone: number;
  dims: number;
  /** 0..1, never decreasing: finished dimensions, and within the others the share of their runs. */
  fraction: number;
  message: string;
}

export interface RunnerOptions {
  threads?: number;
  onProgress?: (p: Progress) => void;
  /** Called with the results so far after each finished dimension (and at most every `partialMs`). */
  onPartial?: (r: ExperimentResults) => void;
  partialMs?: number;
  /** Aborting stops every run at once; the results keep what finished, with status 'cancelled'. */
  signal?: AbortSignal;
  workerScript?: string;
  machine?: string;
  producer?: string;
}

/** The worker script beside this module: dist/experimentWorker.js when bundled, worker.js under out/. */
function defaultWorkerScript(): string {
  for (const name of ['experimentWorker.js', 'worker.js']) {
    const p = join(__dirname, name);
    if (existsSync(p)) return p;
  }
  throw new Error(`no experiment worker script beside ${__dirname}`);
}

/** How results name this machine by default: "2-core CPU (AMD EPYC)". */
export function machineName(): string {
  const c = cpus();
  return `${c.length}-core CPU (${c[0]?.model?.trim() ?? 'unknown'})`;
}

function defaultThreads(): number {
  return Math.max(1, Math.min(8, cpus().length));
}

export function runExperiment(plan: ExperimentPlan, options: RunnerOptions = {}): Promise<ExperimentResults> {
  const threads = Math.max(1, options.threads ?? defaultThreads());
  const schedule = new ExperimentSchedule({ ...plan, settings: { ...plan.settings, threads } });
  const started = Date.now();
  const meta = () => ({ producer: options.producer ?? PRODUCER_CORE, machine: options.machine, seconds: (Date.now() - started) / 1000, createdAt: new Date().toISOString() });
  const script = options.workerScript ?? defaultWorkerScript();
  return new Promise((resolve) => {
    const workers: { w: Worker; busy?: ScheduledJob }[] = [];
    let settled = false;
    let fraction = 0;
    let lastPartial = 0;
    let dimsDone = 0;
    const finish = (status: ExperimentResults['status']) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const x of workers) void x.w.terminate();
      resolve(buildResults(schedule.plan, schedule, status, meta()));
    };
    const onAbort = () => finish('cancelled');
    if (options.signal?.aborted) return finish('cancelled');
    options.signal?.addEventListener('abort', onAbort);

    const report = () => {
      const p = schedule.progress();
      const dims = schedule.dimensions();
      const share = dims.reduce((acc, d) => acc + (d.finished ? 1 : Math.min(0.9, d.runs.length / Math.max(1, (d.runs.length + 4 * plan.settings.seeds)))), 0) / dims.length;
      fraction = Math.max(fraction, share);
      options.onProgress?.({ ...p, dims: dims.length, fraction, message: `${p.finished} runs, ${p.dimsDone} of ${dims.length} dimensions done` });
      if (options.onPartial && (p.dimsDone > dimsDone || Date.now() - lastPartial > (options.partialMs ?? 5000))) {
        dimsDone = p.dimsDone;
        lastPartial = Date.now();
        options.onPartial(buildResults(schedule.plan, schedule, 'partial', meta()));
      }
    };
    const feed = () => {
      if (settled) return;
      if (schedule.done) return finish('complete');
      for (const x of workers) {
        if (x.busy) continue;
        const [job] = schedule.take(1);
        if (!job) break;
        x.busy = job;
        x.w.postMessage({ type: 'run', id: job.id, job: job.job } satisfies ToWorker);
      }
      if (workers.every((x) => !x.busy) && !schedule.done) finish('partial'); // nothing runnable: should not happen
    };
    for (let i = 0; i < threads; i++) {
      const w = new Worker(script);
      const slot: { w: Worker; busy?: ScheduledJob } = { w };
      workers.push(slot);
      w.on('message', (m: unknown) => {
        if (settled || !isFromWorker(m) || m.type === 'planned' || slot.busy?.id !== m.id) return;
        slot.busy = undefined;
        schedule.record(m.id, m.type === 'done' ? m.outcome : failed(m.message));
        report();
        feed();
      });
      w.on('error', (e) => {
        if (settled) return;
        const job = slot.busy;
        slot.busy = undefined;
        if (job) schedule.record(job.id, failed(`worker error: ${e.message}`));
        finish('partial');
      });
    }
    feed();
  });
}

/** A run whose worker failed: recorded with FAILED before its note (summarize.ts, failureOf). */
function failed(message: string): RunOutcome {
  return { alignment: NaN, se: NaN, drift: NaN, equilibrated: false, diverged: true, retries: 0, steps: 0, eta: 0, time: 0, curvature: NaN, trainMse: NaN, note: `${FAILED}${message}` };
}

/** Plans in a worker thread (the editor's host thread never analyses); rejects if the thread fails. */
export function planInWorker(request: PlanRequest, workerScript = defaultWorkerScript()): Promise<PlanAnswer> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerScript);
    const done = (f: () => void) => {
      void w.terminate();
      f();
    };
    w.on('message', (m: unknown) => {
      if (!isFromWorker(m) || m.id !== 'plan') return;
      if (m.type === 'planned') done(() => resolve(m.answer));
      else if (m.type === 'error') done(() => reject(new Error(m.message)));
    });
    w.on('error', (e) => done(() => reject(e)));
    w.postMessage({ type: 'plan', id: 'plan', request } satisfies ToWorker);
  });
}
