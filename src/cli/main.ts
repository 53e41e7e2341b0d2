// scaling-lens: the scale analysis for terminals and CI (formats.md, section 4).
// Exit codes: 0 every file read, 1 a file had errors (in `diagnostics`, with line and column), 2 bad usage.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeDocument, hasErrors, type AnalyzeOptions } from '../report/document';
import type { AnalyzeOutput, FileResult } from '../report/result';
import type { Diagnostic } from '../model/types';
import { mightContainModel } from '../parse/index';
import { overrideFileName } from '../parse/override';
import { renderText } from './text';
import { runPlot } from './plot';
import { readTextFile, refusalRange, walk, type Refusal } from './files';

const USAGE = `Usage: scaling-lens analyze FILE|DIR... [options]
       scaling-lens plot FILE [--chart pstar-d|pstar-width|phase] --out plot.svg   (see plot --help)

Predicts how the minimal training-set size P* scales with the input dimension and the widths,
which feature-learning pattern a network uses, and where that pattern changes.

Options:
  --json                 print one JSON document (the contract in formats.md)
  --set NAME=VALUE       give a size a numeric value (repeatable), e.g. --set d=100 --set N1=1e4
  --degree M             target degree when a file does not state it (default 3)
  --readout KIND         standard | mean-field, when a file does not state it (default standard)
  -h, --help             this help
  -v, --version          the version

Files: JSON/JSONC with a "scalingModel" object, Keras/TF.js model.json, Hugging Face config.json,
TypeScript/JavaScript with @scaling annotations. A directory is searched for such files.
Exit codes: 0 all files read, 1 a file had errors, 2 bad usage.`;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

class UsageError extends Error {}

interface Args {
  files: string[];
  json: boolean;
  options: AnalyzeOptions;
}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  if (!argv.length) throw new UsageError('missing command');
  if (argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') return 'help';
  if (argv[0] === '-v' || argv[0] === '--version') return 'version';
  if (argv[0] !== 'analyze') throw new UsageError(`unknown command '${argv[0]}'`);
  const files: string[] = [];
  const sizes: Record<string, number> = {};
  const defaults: NonNullable<AnalyzeOptions['defaults']> = {};
  let json = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0 && !a.startsWith('--set')) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--json') json = true;
    else if (a === '-h' || a === '--help') return 'help';
    else if (a === '--set' || a.startsWith('--set=')) {
      const spec = a.startsWith('--set=') ? a.slice(6) : value();
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(spec);
      const v = m ? Number(m[2]) : NaN;
      if (!m || !Number.isFinite(v) || v < 1) throw new UsageError(`--set expects NAME=VALUE with a number >= 1, got '${spec}'`);
      sizes[m[1]] = v;
    } else if (a === '--degree' || a.startsWith('--degree=')) {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) throw new UsageError('--degree expects an integer >= 1');
      defaults.degree = v;
    } else if (a === '--readout' || a.startsWith('--readout=')) {
      const v = value();
      if (v !== 'standard' && v !== 'mean-field') throw new UsageError("--readout expects 'standard' or 'mean-field'");
      defaults.readout = v;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else files.push(a);
  }
  if (!files.length) throw new UsageError('no file given');
  return { files, json, options: { defaults, ...(Object.keys(sizes).length ? { sizes } : {}) } };
}

export function run(argv: string[], io: CliIo): number {
  try {
    if (argv[0] === 'plot') return runPlot(argv.slice(1), io);
    return analyze(argv, io);
  } catch (e) {
    // Our own failure, not the files': one line and its own exit code (formats.md), no stack trace.
    io.err(`scaling-lens: internal error: ${oneLine(e)}\n`);
    return 3;
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 500);
}

const AT_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function refusedResult(file: string, r: Refusal, code: string): FileResult {
  return { file, models: [], diagnostics: [{ severity: r.severity, code, message: r.message, range: refusalRange(r) }] };
}

function analyze(argv: string[], io: CliIo): number {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`scaling-lens: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    io.out(USAGE + '\n');
    return 0;
  }
  if (args === 'version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const results: FileResult[] = [];
  const analyzeText = (f: string, text: string, named: boolean) => {
    const { override, problem } = readOverrideBeside(resolve(io.cwd, f));
    const r = analyzeDocument(f, text, { ...args.options, named, override });
    if (problem) r.diagnostics = [problem, ...(r.diagnostics ?? [])];
    results.push(r);
  };
  for (const p of args.files) {
    if (isDirectory(resolve(io.cwd, p))) {
      for (const e of walk(p, io.cwd)) {
        if ('refused' in e) {
          results.push(refusedResult(e.path, e.refused, 'not-read'));
          continue;
        }
        const r = readTextFile(resolve(io.cwd, e.path));
        if ('refused' in r) results.push(refusedResult(e.path, r.refused, 'not-read'));
        // Files met in a walk that hold no model are passed over quietly.
        else if (mightContainModel(e.path, r.text)) analyzeText(e.path, r.text, false);
      }
      continue;
    }
    // A file named on the command line is read as its kind, and one that cannot be is an error.
    const r = readTextFile(resolve(io.cwd, p));
    if ('refused' in r) {
      results.push(refusedResult(p, { ...r.refused, severity: 'error' }, 'unreadable'));
      continue;
    }
    const nul = r.text.indexOf('\u0000');
    if (nul >= 0) {
      results.push(refusedResult(p, { severity: 'error', message: 'not read: the file holds a NUL byte (a binary file?), not JSON or TypeScript text', offset: nul, text: r.text }, 'unreadable'));
      continue;
    }
    analyzeText(p, r.text, true);
  }
  const output: AnalyzeOutput = { files: results };
  io.out(args.json ? JSON.stringify(output, null, 2) + '\n' : renderText(output));
  const internal = results.flatMap((f) => [...(f.diagnostics ?? []), ...f.models.flatMap((m) => m.diagnostics)].filter((d) => d.code === 'internal-error').map((d) => `${f.file}: ${d.message}`));
  if (internal.length) {
    io.err(`scaling-lens: internal error: ${internal[0].replace(/\s+/g, ' ').slice(0, 500)}${internal.length > 1 ? ` (and ${internal.length - 1} more)` : ''}\n`);
    return 3;
  }
  return results.some(hasErrors) ? 1 : 0;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reported when the file is read
  }
}

/**
 * model.scaling.json beside model.json, when it exists, read with the same care as any file; one
 * that is there but cannot be read is said on the model file.
 */
function readOverrideBeside(path: string): { override?: { fileName: string; text: string }; problem?: Diagnostic } {
  const o = overrideFileName(path);
  if (!o) return {};
  const r = readTextFile(o);
  if ('text' in r) return { override: { fileName: o, text: r.text } };
  if (/no such file/.test(r.refused.message)) return {};
  const name = o.replace(/^.*[\\/]/, '');
  return { problem: { severity: r.refused.severity, code: 'override-not-read', message: `the override ${name} beside this file was not read: ${r.refused.message.replace(/^not read: /, "")}`, range: AT_START } };
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export function main(): void {
  process.exitCode = run(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() });
}

if (require.main === module) main();
