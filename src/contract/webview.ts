// The extension ↔ plot webview message protocol: the one place its messages are typed and checked.
// Pure (no VS Code, no DOM): the extension (panel and side view) and the webview bundle both import it.
//
// Flow: the webview says `ready`; the extension answers `models`: the models the worker read from
// the file (the override beside it and the settings applied), from the same result store the hints
// use, and sends them again whenever that store has a new result for the file (an edit, a setting,
// the override). The webview runs only the plot builder on them (again for "what if" sizes); it
// never reads a file. The webview asks for `export` (a save dialog), `writeSizes` (an undoable edit
// of the file) and `reveal` (show the model in its editor); the extension reports back with
// `notice`, and sends `experiment` results for a model (read beside its file, loaded, or partial
// while a run goes on).

import type { ModelDescription } from '../model/types';
import { emptyRecord, setKey } from '../model/names';
import { checkResults } from '../experiment/results';
import type { ExperimentResults } from '../experiment/types';
import { isModelList, isObj, isSizes, isStr, SYMBOL } from './validate';

export interface ModelsMessage {
  type: 'models';
  uri: string;
  /** The file's name, for the header. */
  fileName: string;
  version: number;
  /** What the worker read from the file, as the hints' analysis used it. */
  models: ModelDescription[];
  /** The model to show (the CodeLens names one); absent: keep the webview's choice, else the first. */
  model?: string;
  /** The side view follows the active editor; the panel keeps its file. */
  follows: boolean;
}
export interface EmptyMessage {
  type: 'empty';
  /** Why there is nothing to show ("Open a file with a model"). */
  reason: string;
}
export interface NoticeMessage {
  type: 'notice';
  level: 'info' | 'error';
  text: string;
}
/**
 * Experiment results for one model of the document shown (read beside the model file, loaded by
 * "Load Experiment Results", or partial results while "Check Prediction by Experiment" runs);
 * `results: null` clears them. Checked with checkResults before the webview draws anything.
 */
export interface ExperimentMessage {
  type: 'experiment';
  uri: string;
  model: string;
  results: ExperimentResults | null;
  /** Where they come from, in words ("two-layer.experiment.json", "running"). */
  source: string;
}
export type ToWebview = ModelsMessage | EmptyMessage | NoticeMessage | ExperimentMessage;

export interface ReadyMessage {
  type: 'ready';
}
export interface ExportMessage {
  type: 'export';
  format: 'png' | 'csv' | 'json' | 'svg';
  /** A file name to suggest, e.g. "three-layer-erf-pstar-d.csv". */
  name: string;
  /** Text, or for PNG a data: URL. */
  data: string;
}
export interface WriteSizesMessage {
  type: 'writeSizes';
  uri: string;
  model: string;
  sizes: Record<string, number>;
}
export interface RevealMessage {
  type: 'reveal';
  uri: string;
  model: string;
}
export type FromWebview = ReadyMessage | ExportMessage | WriteSizesMessage | RevealMessage;

// ------------------------------------------------------------------ validation
const FILE_NAME = /^[^/\\:*?"<>|\u0000-\u001f]{1,120}$/;

/** A message from the webview, or undefined when it is not one we accept. */
export function parseFromWebview(x: unknown): FromWebview | undefined {
  if (!isObj(x) || !isStr(x.type, 32)) return undefined;
  switch (x.type) {
    case 'ready':
      return { type: 'ready' };
    case 'export': {
      const f = x.format;
      if (f !== 'png' && f !== 'csv' && f !== 'json' && f !== 'svg') return undefined;
      if (!isStr(x.name, 120) || !FILE_NAME.test(x.name) || !isStr(x.data, 32e6)) return undefined;
      if (f === 'png' && !x.data.startsWith('data:image/png;base64,')) return undefined;
      return { type: 'export', format: f, name: x.name, data: x.data };
    }
    case 'writeSizes':
      if (!isStr(x.uri, 4096) || !isStr(x.model, 256) || !isSizes(x.sizes)) return undefined;
      return { type: 'writeSizes', uri: x.uri, model: x.model, sizes: x.sizes };
    case 'reveal':
      if (!isStr(x.uri, 4096) || !isStr(x.model, 256)) return undefined;
      return { type: 'reveal', uri: x.uri, model: x.model };
    default:
      return undefined;
  }
}

export function parseToWebview(x: unknown): ToWebview | undefined {
  if (!isObj(x)) return undefined;
  if (x.type === 'models') {
    if (!isStr(x.uri, 4096) || !isStr(x.fileName, 4096) || typeof x.version !== 'number' || typeof x.follows !== 'boolean' || !isModelList(x.models)) return undefined;
    if (x.model !== undefined && !isStr(x.model, 256)) return undefined;
    return { type: 'models', uri: x.uri, fileName: x.fileName, version: x.version, models: x.models, model: x.model, follows: x.follows };
  }
  if (x.type === 'empty' && isStr(x.reason, 1000)) return { type: 'empty', reason: x.reason };
  if (x.type === 'experiment' && isStr(x.uri, 4096) && isStr(x.model, 256) && isStr(x.source, 1000)) {
    if (x.results === null) return { type: 'experiment', uri: x.uri, model: x.model, results: null, source: x.source };
    const c = checkResults(x.results);
    return c.ok ? { type: 'experiment', uri: x.uri, model: x.model, results: c.results, source: x.source } : undefined;
  }
  if (x.type === 'notice' && (x.level === 'info' || x.level === 'error') && isStr(x.text, 2000)) return { type: 'notice', level: x.level, text: x.text };
  return undefined;
}

/** What the webview keeps with getState/setState, and what the serializer gets back after a reload. */
export interface PlotState {
  uri?: string;
  model?: string;
  /** "What if" sizes per uri#model. */
  overrides?: Record<string, Record<string, number>>;
  tab?: 'pstar-d' | 'pstar-width' | 'phase' | 'scales';
  along?: string;
  axes?: [string, string];
  /** The P*-against-d chart shows all of d, not only the experiment's range. */
  experimentWide?: boolean;
}

export function parseState(x: unknown): PlotState {
  if (!isObj(x)) return {};
  const s: PlotState = {};
  if (isStr(x.uri, 4096)) s.uri = x.uri;
  if (isStr(x.model, 256)) s.model = x.model;
  if (isObj(x.overrides)) {
    // Keyed by model (a file's URI and a name): a key "__proto__" is a key like any other.
    const overrides = (s.overrides = emptyRecord<Record<string, number>>());
    for (const [k, v] of Object.entries(x.overrides)) if (isSizes(v)) setKey(overrides, k, v);
  }
  if (x.tab === 'pstar-d' || x.tab === 'pstar-width' || x.tab === 'phase' || x.tab === 'scales') s.tab = x.tab;
  if (isStr(x.along, 64) && SYMBOL.test(x.along)) s.along = x.along;
  if (x.experimentWide === true) s.experimentWide = true;
  if (Array.isArray(x.axes) && x.axes.length === 2 && x.axes.every((a) => isStr(a, 64) && SYMBOL.test(a))) s.axes = [x.axes[0], x.axes[1]];
  return s;
}
