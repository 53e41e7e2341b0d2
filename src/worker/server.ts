// The worker's side of the protocol, independent of the thread API: node's worker_threads
// (nodeWorker.ts) and a browser Web Worker both wire `handle` to their message event and `post`
// to their postMessage. Requests are queued and run one at a time on a fresh macrotask, so a
// `cancel` that arrives while a request waits is honoured before the request starts. A `progress`
// goes out after each model, so that the client's time limit is for one model, not a whole file;
// an `early` result before the walks where a model is deep (src/pipeline/document.ts).
import { parseRequest, type AnalyzeRequest, type WorkerResponse } from '../contract/worker';
import type { FileInputs } from '../contract/inputs';
import type { FileResult } from '../contract/result';
import type { ModelDescription } from '../model/types';
import type { AnalyzeHooks } from '../pipeline/document';

/** Analyses a document, calling the hooks after each of its models and with an early result. */
export type AnalyzeFn = (fileName: string, text: string, inputs: FileInputs, hooks: AnalyzeHooks) => { result: FileResult; models: ModelDescription[] };

export interface WorkerServer {
  handle(raw: unknown): void;
}

export function createWorkerServer(
  post: (msg: WorkerResponse) => void,
  analyze: AnalyzeFn,
  schedule: (fn: () => void) => void = (fn) => setTimeout(fn, 0),
  now: () => number = () => Date.now(),
): WorkerServer {
  const queue: AnalyzeRequest[] = [];
  const cancelled = new Set<number>();
  let scheduled = false;

  const pump = () => {
    scheduled = false;
    const req = queue.shift();
    if (!req) return;
    if (cancelled.delete(req.id)) {
      post({ type: 'cancelled', id: req.id });
    } else {
      const t0 = now();
      try {
        const { id, uri, version } = req;
        const { result, models } = analyze(req.fileName, req.text, req.inputs, {
          onModel: (done, total, stage) => post({ type: 'progress', id, done, total, ...(stage ? { stage } : {}) }),
          onEarly: (early, read) => post({ type: 'early', id, uri, version, result: early, models: read, ms: now() - t0 }),
        });
        post({ type: 'result', id: req.id, uri: req.uri, version: req.version, result, models, ms: now() - t0 });
      } catch (e) {
        post({ type: 'error', id: req.id, message: e instanceof Error ? e.stack ?? e.message : String(e) });
      }
    }
    if (queue.length && !scheduled) { scheduled = true; schedule(pump); }
  };

  return {
    handle(raw) {
      const parsed = parseRequest(raw);
      if (!parsed.ok) {
        const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
        if (id >= 0) post({ type: 'error', id, message: `invalid request: ${parsed.reason}` });
        return;
      }
      const msg = parsed.msg;
      if (msg.type === 'cancel') { if (queue.some((q) => q.id === msg.id)) cancelled.add(msg.id); }
      else {
        queue.push(msg);
        if (!scheduled) { scheduled = true; schedule(pump); }
      }
    },
  };
}
