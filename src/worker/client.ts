// The extension's side of the worker protocol. No VS Code and no Node imports: the thread is
// reached through a `WorkerTransport` (node worker_threads today, a browser Web Worker later).
//
// - Cache: the last result per document, keyed by (uri, version, inputs). A caller without versions
//   (the workspace scan) passes a version derived from the content (src/extension/files.ts).
// - Debounce: `analyze(..., { debounceMs })` waits before sending; a newer version of the same
//   document replaces the waiting one (which resolves as `cancelled`).
// - Cancellation: a request whose document moved on resolves `cancelled` at once; if it was
//   already sent, the worker is told to drop it, and if it is still running after a short grace
//   (staleGraceMs) the worker is replaced, so a stale analysis never delays the next one.
// - One request in the worker at a time, so the time limit measures that request alone. It is for
//   reading the file and for each of its models (the worker reports each model done, and the clock
//   starts again): a file of several deep models is not cut short for their sum. A request that
//   runs past it resolves `timeout` and the worker (hung) is replaced.
// - A worker that dies is replaced on the next request; the request it was running resolves `error`.
// - A caller may watch its request: when it reaches the worker, each model done (a deep network
//   takes seconds: the editor shows that it is busy), and its early result where the worker sends
//   one (every model without its boundaries: the editor shows it while the walks run). An early
//   result is not cached: only the answer is.
// - Walks give way: once a request has its early result, its walks (seconds for a deep network)
//   hold up no other document for more than `yieldAfterMs`. If another document waits that long,
//   the worker is replaced, the other goes first, and the request is sent again after it (its
//   early result stays shown meanwhile). A request gives way once, and only to one that has not
//   given way itself: two deep files never take turns.
import { parseResponse, type AnalyzeRequest, type WorkerRequest } from '../contract/worker';
import type { FileInputs } from '../contract/inputs';
import type { FileResult } from '../contract/result';
import type { ModelDescription } from '../model/types';

export interface WorkerTransport {
  postMessage(msg: WorkerRequest): void;
  onMessage(cb: (msg: unknown) => void): void;
  /** Called once if the thread ends (crash, exit, error) other than by `terminate()`. */
  onExit(cb: (reason: string) => void): void;
  terminate(): void;
}

export interface DocumentInput {
  uri: string;
  version: number;
  fileName: string;
  text: string;
}

export type Outcome =
  | { kind: 'result'; uri: string; version: number; result: FileResult; models: ModelDescription[]; ms: number; fromCache: boolean }
  | { kind: 'cancelled' }
  /** Past the time limit: `ms` since the request was sent; `done` of `total` models, as last reported. */
  | { kind: 'timeout'; ms: number; done?: number; total?: number }
  | { kind: 'error'; message: string };

export interface ClientOptions {
  /** Time limit for reading a file and for each of its models in the worker; past it the worker is replaced. */
  timeoutMs?: number;
  /** How long another document may wait for a request's walks, after its early result (Infinity: as long as they take). */
  yieldAfterMs?: number;
  /** How many documents' last results are kept. */
  cacheSize?: number;
  /** How long a request that went stale may still run before its worker is replaced. */
  staleGraceMs?: number;
  log?: (line: string) => void;
}

/** An early result (src/contract/worker.ts): every model without its phase boundaries; the answer follows. */
export interface EarlyOutcome {
  uri: string;
  version: number;
  result: FileResult;
  models: ModelDescription[];
  ms: number;
}

/** Told when a request reaches the worker, after each of its models, and of its early result. */
export interface Watcher {
  started?(): void;
  /** `early`: the count is of early results, before any model is walked. */
  progress?(done: number, total: number, stage?: 'early'): void;
  early?(o: EarlyOutcome): void;
}

interface Job {
  req: AnalyzeRequest;
  watchers: Watcher[];
  key: string;
  promise: Promise<Outcome>;
  resolve: (o: Outcome) => void;
  debounce?: ReturnType<typeof setTimeout>;
  done: boolean;
  /** It gave way to another document once while it walked (it does not again). */
  yielded?: boolean;
}

/** Where a request was when it ran past the time limit, from the models it reported done: ` (model 3 of 6)`, or nothing. */
export function timedOutWhere(o: { done?: number; total?: number }): string {
  if (o.total === undefined || o.done === undefined) return '';
  return o.done < o.total ? ` (model ${o.done + 1} of ${o.total})` : ` (after its ${o.total} models)`;
}

/** The inputs as a cache key: equal keys, equal inputs (JSON of plain data, override text included). */
const inputsKey = (inputs: FileInputs) => JSON.stringify([inputs.defaults?.degree, inputs.defaults?.readout, inputs.override?.fileName, inputs.override?.text, inputs.commandLine ?? null]);

export class AnalysisClient {
  private transport?: WorkerTransport;
  private nextId = 1;
  /** Per uri: the job waiting to be sent (debouncing or queued). */
  private readonly waiting = new Map<string, Job>();
  /** Jobs ready to send, in order. */
  private readonly ready: Job[] = [];
  private inFlight?: {
    job: Job;
    timer: ReturnType<typeof setTimeout>;
    sentAt: number;
    stale: boolean;
    staleTimer?: ReturnType<typeof setTimeout>;
    /** Models done and in all, as the worker last reported (for the log and the timeout). */
    done?: number;
    total?: number;
    /** When its early result came: its walks run since then. */
    walkingSince?: number;
    yieldTimer?: ReturnType<typeof setTimeout>;
  };
  private readonly cache = new Map<string, { version: number; key: string; result: FileResult; models: ModelDescription[]; ms: number }>();
  private disposed = false;
  private timeoutMs: number;
  private readonly cacheSize: number;
  private readonly staleGraceMs: number;
  private readonly yieldAfterMs: number;
  private readonly log: (line: string) => void;
  /** How many workers were started (1 + restarts). */
  started = 0;
  /** How many requests the worker actually received. */
  sent = 0;

  constructor(private readonly spawn: () => WorkerTransport, options: ClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.cacheSize = options.cacheSize ?? 200;
    this.staleGraceMs = options.staleGraceMs ?? 150;
    this.yieldAfterMs = options.yieldAfterMs ?? 250;
    this.log = options.log ?? (() => undefined);
  }

  /** Changes the time limit for requests sent from now on. */
  setTimeoutMs(ms: number): void {
    this.timeoutMs = ms;
  }

  analyze(doc: DocumentInput, inputs: FileInputs, opts: { debounceMs?: number; watch?: Watcher } = {}): Promise<Outcome> {
    if (this.disposed) return Promise.resolve({ kind: 'cancelled' });
    const key = inputsKey(inputs);
    const c = this.cache.get(doc.uri);
    if (c && c.version === doc.version && c.key === key) {
      return Promise.resolve({ kind: 'result', uri: doc.uri, version: doc.version, result: c.result, models: c.models, ms: c.ms, fromCache: true });
    }
    // The same version already on its way: share its answer.
    const fl = this.inFlight;
    if (fl && !fl.stale && fl.job.req.uri === doc.uri && fl.job.req.version === doc.version && fl.job.key === key) return this.watch(fl.job, opts.watch);
    const w = this.waiting.get(doc.uri);
    if (w && w.req.version === doc.version && w.key === key) {
      if (!opts.debounceMs && w.debounce) { clearTimeout(w.debounce); w.debounce = undefined; this.enqueue(w); }
      return this.watch(w, opts.watch);
    }
    // Anything older for this document is stale now.
    if (w) this.cancelJob(w);
    if (fl && !fl.stale && fl.job.req.uri === doc.uri) this.makeStale(fl);

    let resolve!: (o: Outcome) => void;
    const promise = new Promise<Outcome>((r) => { resolve = r; });
    const job: Job = {
      req: { type: 'analyze', id: this.nextId++, uri: doc.uri, version: doc.version, fileName: doc.fileName, text: doc.text, inputs },
      key, promise, resolve, done: false, watchers: opts.watch ? [opts.watch] : [],
    };
    this.waiting.set(doc.uri, job);
    if (opts.debounceMs && opts.debounceMs > 0) {
      job.debounce = setTimeout(() => { job.debounce = undefined; this.enqueue(job); }, opts.debounceMs);
    } else {
      this.enqueue(job);
    }
    return promise;
  }

  /** Drops every cached result (settings changed) or those of one document (closed). */
  invalidate(uri?: string): void {
    if (uri === undefined) this.cache.clear(); else this.cache.delete(uri);
  }

  /** Cancels whatever is waiting or running for a document. */
  cancel(uri: string): void {
    const w = this.waiting.get(uri);
    if (w) this.cancelJob(w);
    const fl = this.inFlight;
    if (fl && !fl.stale && fl.job.req.uri === uri) this.makeStale(fl);
  }

  dispose(): void {
    this.disposed = true;
    for (const j of [...this.waiting.values()]) this.cancelJob(j);
    if (this.inFlight) { this.clearTimers(this.inFlight); this.settle(this.inFlight.job, { kind: 'cancelled' }); this.inFlight = undefined; }
    this.kill();
  }

  // ---------------------------------------------------------------- internals
  /** Adds a watcher to a job it shares (told at once if the job is already in the worker). */
  private watch(job: Job, w: Watcher | undefined): Promise<Outcome> {
    if (w) {
      job.watchers.push(w);
      if (this.inFlight?.job === job) w.started?.();
    }
    return job.promise;
  }

  private settle(job: Job, o: Outcome) {
    if (job.done) return;
    job.done = true;
    job.resolve(o);
  }

  private cancelJob(job: Job) {
    if (job.debounce) clearTimeout(job.debounce);
    if (this.waiting.get(job.req.uri) === job) this.waiting.delete(job.req.uri);
    const i = this.ready.indexOf(job);
    if (i >= 0) this.ready.splice(i, 1);
    this.settle(job, { kind: 'cancelled' });
  }

  private enqueue(job: Job) {
    if (job.done) return;
    this.ready.push(job);
    this.pump();
    this.giveWay();
  }

  /**
   * Where the running request walks (its early result came) and another document waits, the walks
   * give way once the other has waited `yieldAfterMs` past the early result: the worker is replaced,
   * the other goes first, and the request is sent again after it.
   */
  private giveWay() {
    const fl = this.inFlight;
    if (!fl || fl.stale || fl.walkingSince === undefined || fl.yieldTimer || fl.job.yielded || !Number.isFinite(this.yieldAfterMs)) return;
    // Only to a document that has not given way itself: it would take its turn back.
    const other = (j: Job) => j.req.uri !== fl.job.req.uri && !j.yielded;
    if (!this.ready.some(other)) return;
    fl.yieldTimer = setTimeout(() => {
      fl.yieldTimer = undefined;
      const next = this.ready.findIndex(other);
      if (this.inFlight !== fl || fl.stale || next < 0) return;
      const job = fl.job;
      this.log(`[worker] ${job.req.uri} v${job.req.version} gives way to ${this.ready[next].req.uri} while it walks; it is sent again after it`);
      job.yielded = true;
      this.clearTimers(fl);
      this.inFlight = undefined;
      this.kill();
      // Sent again after the one it gave way to; a newer version of it replaces it as a waiting one would.
      this.ready.splice(next + 1, 0, job);
      this.waiting.set(job.req.uri, job);
      this.pump();
    }, Math.max(0, this.yieldAfterMs - (Date.now() - fl.walkingSince)));
  }

  private clearTimers(fl: NonNullable<AnalysisClient['inFlight']>) {
    clearTimeout(fl.timer);
    clearTimeout(fl.staleTimer);
    clearTimeout(fl.yieldTimer);
  }

  private ensureWorker(): WorkerTransport {
    if (this.transport) return this.transport;
    const t = this.spawn();
    this.started++;
    if (this.started > 1) this.log(`[worker] started a new worker (#${this.started})`);
    t.onMessage((m) => { if (this.transport === t) this.onMessage(m); });
    t.onExit((reason) => { if (this.transport === t) this.onWorkerExit(reason); });
    this.transport = t;
    return t;
  }

  private kill() {
    const t = this.transport;
    this.transport = undefined;
    try { t?.terminate(); } catch { /* already gone */ }
  }

  private pump() {
    if (this.inFlight || this.disposed) return;
    const job = this.ready.shift();
    if (!job) return;
    if (this.waiting.get(job.req.uri) === job) this.waiting.delete(job.req.uri);
    const t = this.ensureWorker();
    const timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
    this.inFlight = { job, timer, sentAt: Date.now(), stale: false };
    this.sent++;
    t.postMessage(job.req);
    for (const w of job.watchers) w.started?.();
  }

  /**
   * The running request's document moved on: its answer is no longer wanted. The worker cannot be
   * interrupted inside an analysis, so if the request is still running after the grace, the worker
   * is replaced and the next request starts at once on a new one.
   */
  private makeStale(fl: NonNullable<AnalysisClient['inFlight']>) {
    fl.stale = true;
    this.transport?.postMessage({ type: 'cancel', id: fl.job.req.id });
    this.settle(fl.job, { kind: 'cancelled' });
    fl.staleTimer = setTimeout(() => {
      if (this.inFlight !== fl) return;
      this.log(`[worker] ${fl.job.req.uri} v${fl.job.req.version} is stale and still running after ${this.staleGraceMs} ms; restarting the worker`);
      this.kill();
      this.finish();
    }, this.staleGraceMs);
  }

  private finish() {
    if (this.inFlight) this.clearTimers(this.inFlight);
    this.inFlight = undefined;
    this.pump();
  }

  private onTimeout() {
    const fl = this.inFlight;
    if (!fl) return;
    const ms = Date.now() - fl.sentAt;
    this.log(`[worker] ${fl.job.req.uri} v${fl.job.req.version}${timedOutWhere(fl)} ran past ${this.timeoutMs} ms; restarting the worker`);
    this.settle(fl.job, { kind: 'timeout', ms, done: fl.done, total: fl.total });
    this.kill();
    this.finish();
  }

  private onWorkerExit(reason: string) {
    this.log(`[worker] exited: ${reason}`);
    this.transport = undefined;
    const fl = this.inFlight;
    if (fl) this.settle(fl.job, { kind: 'error', message: `the analysis worker stopped: ${reason}` });
    this.finish();
  }

  private onMessage(raw: unknown) {
    const parsed = parseResponse(raw);
    if (!parsed.ok) { this.log(`[worker] ignored an invalid message: ${parsed.reason}`); return; }
    const msg = parsed.msg;
    const fl = this.inFlight;
    if (!fl || fl.job.req.id !== msg.id) return; // a late answer to something already given up
    if (msg.type === 'progress' || msg.type === 'early') {
      // A model is done, or every model's early result: the time limit starts again for the next
      // step (a stale request keeps its grace).
      if (!fl.stale) {
        clearTimeout(fl.timer);
        fl.timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
      }
      if (fl.stale) return;
      if (msg.type === 'early') {
        // The walks start again from the first model.
        fl.done = 0;
        fl.walkingSince = Date.now();
        this.giveWay();
        const { uri, version, result, models, ms } = msg;
        for (const w of fl.job.watchers) w.early?.({ uri, version, result, models, ms });
        return;
      }
      fl.done = msg.done;
      fl.total = msg.total;
      for (const w of fl.job.watchers) w.progress?.(msg.done, msg.total, msg.stage);
      return;
    }
    if (msg.type === 'result') {
      if (!fl.stale) {
        this.cache.delete(msg.uri);
        this.cache.set(msg.uri, { version: msg.version, key: fl.job.key, result: msg.result, models: msg.models, ms: msg.ms });
        if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
      }
      this.settle(fl.job, { kind: 'result', uri: msg.uri, version: msg.version, result: msg.result, models: msg.models, ms: msg.ms, fromCache: false });
    } else if (msg.type === 'cancelled') {
      this.settle(fl.job, { kind: 'cancelled' });
    } else {
      this.settle(fl.job, { kind: 'error', message: msg.message });
    }
    this.finish();
  }
}
