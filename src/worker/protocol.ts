// The extension ↔ worker message protocol: the ONE place where its messages are typed and checked.
// Pure TypeScript (no Node, no VS Code) so a browser Web Worker can use it unchanged.
//
// Flow: the client sends `analyze` (one document version) and may send `cancel` for it; the worker
// answers each `analyze` with exactly one of `result`, `cancelled` or `error`. `ping`/`pong` checks
// liveness; the worker announces `ready` once it is listening.
import type { FileResult } from '../report/result';

export const PROTOCOL_VERSION = 1;

export type ReadoutSetting = 'standard' | 'mean-field';

export interface AnalyzeSettings {
  /** Target degree assumed when the file does not state one. */
  degree?: number;
  /** Readout parametrization assumed when the file does not state one. */
  readout?: ReadoutSetting;
  /** The override file beside the document (model.scaling.json beside model.json), when there is one. */
  override?: { fileName: string; text: string };
}

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  uri: string;
  version: number;
  fileName: string;
  text: string;
  settings: AnalyzeSettings;
}
export interface CancelRequest { type: 'cancel'; id: number }
export interface PingRequest { type: 'ping'; id: number }
export type WorkerRequest = AnalyzeRequest | CancelRequest | PingRequest;

export interface ReadyMessage { type: 'ready'; protocol: number }
export interface ResultMessage {
  type: 'result';
  id: number;
  uri: string;
  version: number;
  result: FileResult;
  /** Milliseconds the analysis itself took inside the worker. */
  ms: number;
}
export interface CancelledMessage { type: 'cancelled'; id: number }
export interface ErrorMessage { type: 'error'; id: number; message: string }
export interface PongMessage { type: 'pong'; id: number }
export type WorkerResponse = ReadyMessage | ResultMessage | CancelledMessage | ErrorMessage | PongMessage;

// ------------------------------------------------------------------ validation
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isStr = (x: unknown): x is string => typeof x === 'string';

function isSettings(x: unknown): x is AnalyzeSettings {
  if (!isObj(x)) return false;
  if (x.degree !== undefined && !(typeof x.degree === 'number' && Number.isInteger(x.degree) && x.degree >= 1)) return false;
  if (x.readout !== undefined && x.readout !== 'standard' && x.readout !== 'mean-field') return false;
  if (x.override !== undefined && !(isObj(x.override) && isStr(x.override.fileName) && isStr(x.override.text))) return false;
  return true;
}

/** Shallow check of a FileResult: the fields the editor reads without guarding. */
export function isFileResult(x: unknown): x is FileResult {
  if (!isObj(x) || !isStr(x.file) || !Array.isArray(x.models)) return false;
  if (x.diagnostics !== undefined && !Array.isArray(x.diagnostics)) return false;
  return x.models.every((m) => isObj(m) && isStr(m.name) && Array.isArray(m.layers)
    && Array.isArray(m.candidates) && Array.isArray(m.boundaries) && Array.isArray(m.notCovered)
    && Array.isArray(m.diagnostics));
}

/** Validates a message sent to the worker; returns it typed, or a reason it was refused. */
export function parseRequest(x: unknown): { ok: true; msg: WorkerRequest } | { ok: false; reason: string } {
  if (!isObj(x)) return { ok: false, reason: 'not an object' };
  switch (x.type) {
    case 'analyze':
      if (!isId(x.id)) return { ok: false, reason: 'analyze: bad id' };
      if (!isStr(x.uri) || !isStr(x.fileName) || !isStr(x.text)) return { ok: false, reason: 'analyze: uri, fileName and text must be strings' };
      if (!(typeof x.version === 'number' && Number.isFinite(x.version))) return { ok: false, reason: 'analyze: bad version' };
      if (!isSettings(x.settings)) return { ok: false, reason: 'analyze: bad settings' };
      return { ok: true, msg: x as unknown as AnalyzeRequest };
    case 'cancel':
    case 'ping':
      if (!isId(x.id)) return { ok: false, reason: `${String(x.type)}: bad id` };
      return { ok: true, msg: x as unknown as WorkerRequest };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(x.type)}` };
  }
}

/** Validates a message coming back from the worker. */
export function parseResponse(x: unknown): { ok: true; msg: WorkerResponse } | { ok: false; reason: string } {
  if (!isObj(x)) return { ok: false, reason: 'not an object' };
  switch (x.type) {
    case 'ready':
      return typeof x.protocol === 'number' ? { ok: true, msg: x as unknown as ReadyMessage } : { ok: false, reason: 'ready: bad protocol' };
    case 'result':
      if (!isId(x.id) || !isStr(x.uri) || typeof x.version !== 'number' || typeof x.ms !== 'number') return { ok: false, reason: 'result: bad header' };
      if (!isFileResult(x.result)) return { ok: false, reason: 'result: not a FileResult' };
      return { ok: true, msg: x as unknown as ResultMessage };
    case 'error':
      if (!isId(x.id) || !isStr(x.message)) return { ok: false, reason: 'error: bad fields' };
      return { ok: true, msg: x as unknown as ErrorMessage };
    case 'cancelled':
    case 'pong':
      if (!isId(x.id)) return { ok: false, reason: `${String(x.type)}: bad id` };
      return { ok: true, msg: x as unknown as WorkerResponse };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(x.type)}` };
  }
}
