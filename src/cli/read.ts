// How the command line reads a model file, for every command alike (analyze, plot, experiment):
// its text (files.ts), the override beside it, the command line's values, then the one pipeline
// (src/pipeline/document.ts), as the editor's worker reads an open file.
import { resolve } from 'node:path';
import type { Diagnostic } from '../model/types';
import type { CommandLineValues, FileInputs, OverrideText } from '../contract/inputs';
import { overrideFileName, sizeNames } from '../parse/override';
import { readModels, type ReadModels } from '../pipeline/document';
import { readTextFile } from './files';

const AT_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * model.scaling.json beside model.json (net.scaling.json beside net.py), when it exists, read with
 * the same care as any file; one that is there but cannot be read is said on the model file.
 */
function readOverrideBeside(path: string): { override?: OverrideText; problem?: Diagnostic } {
  const o = overrideFileName(path);
  if (!o) return {};
  const r = readTextFile(o);
  if ('text' in r) return { override: { fileName: o, text: r.text } };
  if (/no such file/.test(r.refused.message)) return {};
  const name = o.replace(/^.*[\\/]/, '');
  return { problem: { severity: r.refused.severity, code: 'override-not-read', message: `the override ${name} beside this file was not read: ${r.refused.message.replace(/^not read: /, '')}`, range: AT_START } };
}

export interface ReadFile extends ReadModels {
  /** The override beside the file could not be read. */
  problem?: Diagnostic;
}

/**
 * The models of a file's text with the override beside it and `inputs` applied. `named`: the user
 * named this file (read it as its kind in full), rather than a directory walk finding it.
 */
export function readModelFile(file: string, text: string, cwd: string, inputs: Omit<FileInputs, 'override'>, named: boolean): ReadFile {
  const { override, problem } = readOverrideBeside(resolve(cwd, file));
  return { ...readModels(file, text, { ...inputs, override, named }), problem };
}

/** A --set name that no model read has: refused, with the sizes each model does have. */
export function unknownSetNames(cl: CommandLineValues, files: ({ file: string } & ReadModels)[]): string | undefined {
  if (!files.some((f) => f.models.length)) return undefined;
  const unknown = Object.keys(cl.sizes ?? {}).filter((k) => !files.some((f) => f.matchedSizes.includes(k)));
  if (!unknown.length) return undefined;
  const have = files.flatMap((f) => f.models.map((m) => `  ${f.file}: ${m.name}: ${sizeNames(m).join(', ') || 'no sizes'}`));
  return `--set ${unknown.map((k) => `${k}=${cl.sizes![k]}`).join(', --set ')}: no model has a size named ${unknown.join(' or ')}. The sizes are:\n${have.join('\n')}`;
}
