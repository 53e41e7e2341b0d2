// Front ends: one document in, models with source ranges and diagnostics out (formats.md).
// Pure TypeScript: no Node, no VS Code (it also runs in a browser worker). Never throws.
import type { Diagnostic, ModelDescription } from '../model/types';
import type { ParseOptions } from './checks';
import { parseJson, type JsonValue } from './json';
import { readScalingModels, findScalingModels } from './scalingModel';
import { isKerasModel, readKerasModel } from './keras';
import { isHuggingFaceConfig, readHuggingFaceConfig } from './huggingface';
import { mightHoldScriptModel, readTypeScript } from './typescript';
import { mightHoldTorchModel } from './python/markers';
import { readPyTorch } from './python/reader';
import { capDiagnostics, LineIndex, show } from './text';
import { isPrototypeName } from '../model/names';
import { firstLine } from '../model/ranges';
import { LIMITS, tooLargeMessage, tooManyLayers, tooManyModels } from './limits';
import { isOverrideFileName, looksLikeOverride, overrideFileName, overriddenFileNames, readOverride } from './override';

export type { ParseOptions } from './checks';

export interface ParsedDocument {
  models: ModelDescription[];
  diagnostics: Diagnostic[];
}

const JSON_EXT = /\.(json|jsonc|json5)$/i;
const SCRIPT_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const PYTHON_EXT = /\.py$/i;

/** Which reader a document goes to: JSON, TypeScript/JavaScript, Python, or none. */
export function documentKind(fileName: string, text: string): 'json' | 'script' | 'python' | undefined {
  if (JSON_EXT.test(fileName)) return 'json';
  if (SCRIPT_EXT.test(fileName)) return 'script';
  if (PYTHON_EXT.test(fileName)) return 'python';
  // A name with another extension (README.md, a.pyi) is not read; untitled names are guessed from content.
  if (/\.[A-Za-z0-9]+$/.test(fileName.replace(/^.*[\\/]/, ''))) return undefined;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  if (mightHoldScriptModel(text)) return 'script';
  return undefined;
}

const JSON_MARKERS = ['"scalingModel"', '"modelTopology"', '"class_name"', '"model_type"', '"architectures"', '"hidden_size"', '"n_embd"', '"d_model"'];

/**
 * Cheap test (substring search, no parse) of whether a file may hold a model: the one pre-filter of
 * the command line's directory walk, the editor and its workspace scan. It reads the name as
 * parseDocument does (the editor names an untitled document by its language: analysisFileName).
 */
export function mightContainModel(fileName: string, text: string): boolean {
  const kind = documentKind(fileName, text);
  if (kind === 'json') return JSON_MARKERS.some((m) => text.includes(m));
  if (kind === 'script') return mightHoldScriptModel(text);
  if (kind === 'python') return mightHoldTorchModel(text);
  return false;
}

/** Parses a document with the front end its name and content call for. */
export function parseDocument(fileName: string, text: string, options?: ParseOptions): ParsedDocument {
  try {
    const kind = documentKind(fileName, text);
    if (!kind) return { models: [], diagnostics: [] };
    const tooLarge = sizeDiagnostic(text.length);
    if (tooLarge) return { models: [], diagnostics: [tooLarge] };
    // The override beside the file, by name: the readers' advice where a size is missing names it.
    const override = overrideFileName(fileName)?.replace(/^.*[\\/]/, '');
    const read = kind === 'json' ? parseJsonDocument(fileName, text, options, override) : kind === 'script' ? readTypeScript(text, options, override) : readPyTorch(text, options, override);
    const doc = keepLimits(refuseReservedNames(read));
    distinctNames(doc.models);
    return { models: doc.models, diagnostics: capDiagnostics(doc.diagnostics) };
  } catch (e) {
    // A front end bug must not take the editor down: report it as a diagnostic.
    return {
      models: [],
      diagnostics: [
        {
          message: `internal error while reading this file: ${e instanceof Error ? e.message : String(e)}`,
          severity: 'error',
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          code: 'internal-error',
        },
      ],
    };
  }
}

/**
 * The limits on a file's models and a model's layers, from whichever front end (the JSON ones keep
 * them as they read; code builds any number in a loop or a line): a model deeper than
 * LIMITS.maxLayers is refused, and past LIMITS.maxModels the rest are not read, each said once here
 * with its position.
 */
function keepLimits(doc: ParsedDocument): ParsedDocument {
  if (doc.models.length <= LIMITS.maxModels && doc.models.every((m) => m.layers.length <= LIMITS.maxLayers)) return doc;
  const models: ModelDescription[] = [];
  const diagnostics = [...doc.diagnostics];
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (const m of doc.models) {
    if (m.layers.length > LIMITS.maxLayers) diagnostics.push({ severity: 'error', code: 'too-many-layers', range: m.range ?? top, message: `model "${show(m.name)}": ${tooManyLayers(m.layers.length)}` });
    else models.push(m);
  }
  if (models.length > LIMITS.maxModels) {
    diagnostics.push({ severity: 'warning', code: 'too-many-models', range: models[LIMITS.maxModels].range ?? top, message: tooManyModels(models.length) });
    models.length = LIMITS.maxModels;
  }
  return { models, diagnostics };
}

/**
 * A layer type or an activation that is a key of Object.prototype ("constructor", "toString") would
 * find a function in the analysis's name tables: every front end's models are checked here, once,
 * and such a model is refused with the layer's position. (Size names are refused where they are read.)
 */
function refuseReservedNames(doc: ParsedDocument): ParsedDocument {
  const models: ModelDescription[] = [];
  const diagnostics = [...doc.diagnostics];
  for (const m of doc.models) {
    const bad = m.layers.filter((l) => isPrototypeName(l.type) || (typeof (l as { activation?: unknown }).activation === 'string' && isPrototypeName((l as { activation: string }).activation)));
    if (!bad.length) {
      models.push(m);
      continue;
    }
    diagnostics.push(...(m.diagnostics ?? []));
    for (const l of bad) {
      const act = (l as { activation?: string }).activation;
      const name = isPrototypeName(l.type) ? l.type : act!;
      diagnostics.push({ severity: 'error', code: 'reserved-name', range: l.range ?? m.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `"${show(name)}" is not a layer type or an activation (a reserved word); model "${show(m.name)}" is not read` });
    }
  }
  return { models, diagnostics };
}

/**
 * Two models of one file with the same name (two classes Classifier, two JSON models "dup") are told
 * apart by their line, and the renamed one says so: the chart, the reports and the results saved
 * beside the model are named by it (two "dup" would share one results file).
 */
function distinctNames(models: ModelDescription[]): void {
  const first = new Map<string, ModelDescription>();
  for (const m of models) {
    const before = first.get(m.name);
    if (!before) {
      first.set(m.name, m);
      continue;
    }
    const named = `${m.name} (line ${(m.range?.start.line ?? 0) + 1})`;
    // On the model's first line, as the model's other diagnostics.
    const where = firstLine(m.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    (m.diagnostics ??= []).push({ severity: 'info', range: where, code: 'duplicate-name', message: `another model of this file is called "${show(m.name)}" (line ${(before.range?.start.line ?? 0) + 1}): this one is "${show(named)}"` });
    m.name = named;
    first.set(named, m);
  }
}

/** The diagnostic of a text over LIMITS.maxTextLength (the editor says it without sending the text to the worker). */
export function sizeDiagnostic(length: number): Diagnostic | undefined {
  if (length <= LIMITS.maxTextLength) return undefined;
  return { message: tooLargeMessage(length), severity: 'warning', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, code: 'file-too-large' };
}

function parseJsonDocument(fileName: string, text: string, options?: ParseOptions, override?: string): ParsedDocument {
  // Unrelated JSON files (package.json, tsconfig.json, ...) cost a substring search only; a file
  // named on the command line is read in full, so that one that is not JSON is an error.
  if (!options?.named && !JSON_MARKERS.some((m) => text.includes(m))) return { models: [], diagnostics: [] };
  const lines = new LineIndex(text);
  const parsed = parseJson(text);
  if (!parsed.root) {
    const e = parsed.error!;
    return { models: [], diagnostics: [{ message: e.message, severity: 'error', range: lines.range(e.start, e.end), code: e.code }] };
  }
  const root: JsonValue = parsed.root;
  // model.scaling.json beside model.json: assumptions for that file, not a model of its own.
  if (isOverrideFileName(fileName) && looksLikeOverride(root)) {
    const [json, py, ts, js] = overriddenFileNames(fileName).map((f) => f.replace(/^.*[\\/]/, ''));
    const base = py ? `${json} or the code ${py}, ${ts}, ${js}` : json;
    const { diagnostics } = readOverride(fileName, text);
    const at = lines.range(root.start, root.start + 1);
    return { models: [], diagnostics: [...diagnostics, { message: `Overrides the assumptions of ${base} beside it (target, readout, kappa, sizes, regime).`, severity: 'info', range: at, code: 'override-file' }] };
  }
  if (findScalingModels(root).length) return readScalingModels(text, lines, root, options);
  if (isKerasModel(root)) return readKerasModel(text, lines, root, options);
  if (isHuggingFaceConfig(root)) return readHuggingFaceConfig(text, lines, root, options, override);
  return { models: [], diagnostics: [] };
}
