// The extension ↔ worker message protocol: the one place its messages are typed and checked.
// Pure TypeScript (no Node, no VS Code) so a browser Web Worker could use it unchanged.
//
// Flow: the client sends `analyze` (one document version, with the inputs that travel with it) and
// may send `cancel` for it; the worker answers each `analyze` with exactly one of `result`,
// `cancelled` or `error`, after a `progress` for each model it finished (the client's time limit is
// for reading the file and for each model, not for a file of many models together). Where a model
// is deep, an `early` result (every model without its phase boundaries) comes before the walks
// along the sizes, which take most of a deep network's time; its `progress` first counts the
// models' early results (`stage: 'early'`), then the models done in full. A `result`
// carries the models the worker read (the override, the settings and the command line applied)
// beside the analysis, so that every view draws from what the worker read: the chart re-runs only
// the plot builder on those models, never a front end. The worker and the extension ship in one
// package, so the protocol has no version of its own.
import type { ModelDescription } from '../model/types';
import type { FileInputs } from './inputs';
import type { FileResult } from './result';
import { isCount, isFileInputs, isFileResult, isId, isModelList, isObj, isStr } from './validate';

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  uri: string;
  version: number;
  fileName: string;
  text: string;
  inputs: FileInputs;
}
export interface CancelRequest { type: 'cancel'; id: number }
export type WorkerRequest = AnalyzeRequest | CancelRequest;

export interface ResultMessage {
  type: 'result';
  id: number;
  uri: string;
  version: number;
  result: FileResult;
  /** The models read from the text, as analysed (in the order of result.models). */
  models: ModelDescription[];
  /** Milliseconds the analysis itself took inside the worker. */
  ms: number;
}
/** The result so far: every model without its boundaries (ModelResult.pending); the `result` follows. */
export interface EarlyMessage extends Omit<ResultMessage, 'type'> { type: 'early' }
/** One more model of the request is analysed (`done` of `total`); `early`: counting early results. */
export interface ProgressMessage { type: 'progress'; id: number; done: number; total: number; stage?: 'early' }
export interface CancelledMessage { type: 'cancelled'; id: number }
export interface ErrorMessage { type: 'error'; id: number; message: string }
export type WorkerResponse = ResultMessage | EarlyMessage | ProgressMessage | CancelledMessage | ErrorMessage;

type Parsed<T> = { ok: true; msg: T } | { ok: false; reason: string };

/** Validates a message sent to the worker; returns it typed, or a reason it was refused. */
export function parseRequest(x: unknown): Parsed<WorkerRequest> {
  if (!isObj(x)) return { ok: false, reason: 'not an object' };
  if (!isId(x.id)) return { ok: false, reason: `${String(x.type)}: bad id` };
  if (x.type === 'cancel') return { ok: true, msg: { type: 'cancel', id: x.id } };
  if (x.type !== 'analyze') return { ok: false, reason: `unknown message type ${JSON.stringify(x.type)}` };
  if (!isStr(x.uri) || !isStr(x.fileName) || !isStr(x.text)) return { ok: false, reason: 'analyze: uri, fileName and text must be strings' };
  if (!(typeof x.version === 'number' && Number.isFinite(x.version))) return { ok: false, reason: 'analyze: bad version' };
  if (!isFileInputs(x.inputs)) return { ok: false, reason: 'analyze: bad inputs' };
  return { ok: true, msg: { type: 'analyze', id: x.id, uri: x.uri, version: x.version, fileName: x.fileName, text: x.text, inputs: x.inputs } };
}

/** Validates a message coming back from the worker. */
export function parseResponse(x: unknown): Parsed<WorkerResponse> {
  if (!isObj(x)) return { ok: false, reason: 'not an object' };
  if (!isId(x.id)) return { ok: false, reason: `${String(x.type)}: bad id` };
  switch (x.type) {
    case 'result':
    case 'early': {
      const type = x.type;
      if (!isStr(x.uri) || typeof x.version !== 'number' || typeof x.ms !== 'number') return { ok: false, reason: `${type}: bad header` };
      if (!isFileResult(x.result)) return { ok: false, reason: `${type}: not a FileResult` };
      if (!isModelList(x.models)) return { ok: false, reason: `${type}: models are not model descriptions` };
      return { ok: true, msg: { type, id: x.id, uri: x.uri, version: x.version, result: x.result, models: x.models, ms: x.ms } };
    }
    case 'error':
      return isStr(x.message) ? { ok: true, msg: { type: 'error', id: x.id, message: x.message } } : { ok: false, reason: 'error: bad fields' };
    case 'progress':
      if (x.stage !== undefined && x.stage !== 'early') return { ok: false, reason: 'progress: bad stage' };
      return isCount(x.done) && isCount(x.total) && x.done <= x.total
        ? { ok: true, msg: { type: 'progress', id: x.id, done: x.done, total: x.total, ...(x.stage ? { stage: x.stage } : {}) } }
        : { ok: false, reason: 'progress: bad counts' };
    case 'cancelled':
      return { ok: true, msg: { type: 'cancelled', id: x.id } };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(x.type)}` };
  }
}
