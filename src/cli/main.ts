// scaling-lens: the scale analysis for terminals and CI (formats.md, section 4).
// Exit codes: 0 every file read, 1 a file had errors (in `diagnostics`, with line and column), 2 bad
// usage, 3 an internal failure (one line, no stack trace).

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeModels, hasErrors } from '../pipeline/document';
import type { CommandLineValues } from '../contract/inputs';
import { commandLineValues, parseOptions, UsageError, VALUE_OPTIONS } from './args';
import { SCHEMA_VERSION, type AnalyzeOutput, type FileResult } from '../contract/result';
import { mightContainModel } from '../parse/index';
import { renderText } from './text';
import { terminalText } from './terminal';
import { runPlot } from './plot';
import { readTextFile, refusalRange, walk, type Refusal } from './files';
import { readModelFile, unknownSetNames, type ReadFile } from './read';
import { runExperimentCommand } from './experiment';

const USAGE = `Usage: scaling-lens analyze FILE|DIR... [options]
       scaling-lens plot FILE [--chart pstar-d|pstar-width|phase] --out plot.svg   (see plot --help)
       scaling-lens experiment FILE [--model NAME] [--quick] [--json] [--out results.json]   (see experiment --help)

Predicts how the minimal training-set size P* scales with the input dimension and the widths,
which feature-learning pattern a network uses, and where that pattern changes.

Options:
  --json                 print one JSON document (the contract in docs/formats.md)
  --set NAME=VALUE       give a size a numeric value (repeatable), e.g. --set d=100 --set N1=1e4;
                         NAME is a size of the model: d, a width (the symbol the file uses;
                         N1, N2, ... by position for numeric widths), L
  --degree M             target degree (default 3)
  --readout KIND         standard | mean-field (default standard)
  -h, --help             this help
  -v, --version          the version

Each value comes from the first of: the command line, the override file beside the model
(model.scaling.json beside model.json), the file itself, the settings, the built-in default.
Files: JSON/JSONC with a "scalingModel" object, Keras/TF.js model.json (layers or graph models),
Hugging Face config.json, TypeScript/JavaScript with TensorFlow.js code or @scaling annotations, PyTorch .py files.
A directory is searched for such files (links within it only, no devices, FIFOs or sockets).
Exit codes: 0 all files read, 1 a file had errors, 2 bad usage, 3 an internal failure.`;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

interface Args {
  files: string[];
  json: boolean;
  commandLine: CommandLineValues;
}

const OPTIONS = {
  json: { type: 'boolean' },
  ...VALUE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function readArgs(argv: string[]): Args | 'help' | 'version' {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  if (values.version) return 'version';
  if (values.help || positionals[0] === 'help') return 'help';
  if (!positionals.length) throw new UsageError('missing command');
  if (positionals[0] !== 'analyze') throw new UsageError(`unknown command '${positionals[0]}'`);
  const files = positionals.slice(1);
  if (!files.length) throw new UsageError('no file given');
  return { files, json: !!values.json, commandLine: commandLineValues(values) };
}

/** `--version` or `-v` anywhere (`plot -v` was an unknown option). */
const asksVersion = (argv: string[]) => argv.includes('--version') || argv.includes('-v');

export function run(argv: string[], terminal: CliIo): number {
  const io = safeIo(terminal);
  try {
    // --version (-v) answers anywhere, before any command reads its arguments.
    if (asksVersion(argv)) {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (argv[0] === 'plot') return runPlot(argv.slice(1), io);
    return analyze(argv, io);
  } catch (e) {
    // Our own failure, not the files': one line and its own exit code (formats), no stack trace.
    io.err(`scaling-lens: internal error: ${oneLine(e)}\n`);
    return 3;
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 500);
}

function refusedResult(file: string, r: Refusal, code: string): FileResult {
  return { file, models: [], diagnostics: [{ severity: r.severity, code, message: r.message, range: refusalRange(r) }] };
}

type Read = { file: string; result?: FileResult; models?: ReadFile };

function analyze(argv: string[], io: CliIo): number {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs(argv);
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
  const commandLine = args.commandLine;
  const read: Read[] = [];
  const readText = (f: string, text: string, named: boolean) => {
    const models = readModelFile(f, text, io.cwd, { commandLine }, named);
    // A file met in a walk that holds no model, and has nothing to say, is passed over quietly (the
    // pre-filter lets through files that only look like one: Keras Python code, a training script).
    if (named || models.models.length || models.diagnostics.length) read.push({ file: f, models });
  };
  for (const p of args.files) {
    if (isDirectory(resolve(io.cwd, p))) {
      const before = read.length;
      let looked = 0;
      for (const e of walk(p, io.cwd)) {
        looked++;
        if ('refused' in e) {
          read.push({ file: e.path, result: refusedResult(e.path, e.refused, 'not-read') });
          continue;
        }
        const r = readTextFile(resolve(io.cwd, e.path));
        if ('refused' in r) read.push({ file: e.path, result: refusedResult(e.path, r.refused, 'not-read') });
        else if (mightContainModel(e.path, r.text)) readText(e.path, r.text, false);
      }
      // Said on stderr: the output (text or JSON) lists files, and this folder gave none.
      if (read.length === before) io.err(`scaling-lens: no model found in ${p} (${looked} file${looked === 1 ? '' : 's'} looked at)\n`);
      continue;
    }
    // A file named on the command line is read as its kind, and one that cannot be is an error.
    const r = readTextFile(resolve(io.cwd, p));
    if ('refused' in r) {
      read.push({ file: p, result: refusedResult(p, { ...r.refused, severity: 'error' }, 'unreadable') });
      continue;
    }
    const nul = r.text.indexOf('\u0000');
    if (nul >= 0) {
      read.push({ file: p, result: refusedResult(p, { severity: 'error', message: 'not read: the file holds a NUL byte (a binary file?), not JSON, TypeScript or Python text', offset: nul, text: r.text }, 'unreadable') });
      continue;
    }
    readText(p, r.text, true);
  }
  const refused = unknownSetNames(commandLine, read.flatMap((r) => (r.models ? [{ file: r.file, ...r.models }] : [])));
  if (refused) {
    io.err(`scaling-lens: ${refused}\n`);
    return 2;
  }
  const results = read.map((r) => {
    if (r.result) return r.result;
    const res = analyzeModels(r.file, r.models!);
    if (r.models!.problem) res.diagnostics = [r.models!.problem, ...(res.diagnostics ?? [])];
    return res;
  });
  const output: AnalyzeOutput = { schemaVersion: SCHEMA_VERSION, files: results };
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

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Every command, the experiment (which runs in worker threads) included. */
export async function runCommand(argv: string[], terminal: CliIo): Promise<number> {
  if (argv[0] !== 'experiment' || asksVersion(argv)) return run(argv, terminal);
  return runExperimentCommand(argv.slice(1), safeIo(terminal), { version: VERSION });
}

/** Every command writes through this: no control character from a file reaches the terminal (src/cli/terminal.ts). */
function safeIo(io: CliIo): CliIo {
  return { ...io, out: (s) => io.out(terminalText(s)), err: (s) => io.err(terminalText(s)) };
}

export function main(): void {
  // A reader that goes away (`analyze --json | head`) closes the pipe: stop there, with the code the
  // run has (it printed Node's stack of an unhandled EPIPE and exited 1, "a file had errors").
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
  const io: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() };
  void runCommand(process.argv.slice(2), io).then((code) => (process.exitCode = code));
}

if (require.main === module) main();
