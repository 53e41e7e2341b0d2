// scaling-lens: the scale analysis for terminals and CI (formats.md, section 4).
// Exit codes: 0 every file read, 1 a file had errors (in `diagnostics`, with line and column), 2 bad usage.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeModels, hasErrors, readModels, type ReadModels } from '../report/document';
import { sizeNames, type CommandLineValues } from '../model/override';
import { commandLineValues, parseOptions, UsageError, VALUE_OPTIONS } from './args';
import { SCHEMA_VERSION, type AnalyzeOutput, type FileResult } from '../report/result';
import { mightContainModel } from '../parse/index';
import { overrideFileName } from '../parse/override';
import { renderText } from './text';
import { runPlot } from './plot';

const USAGE = `Usage: scaling-lens analyze FILE|DIR... [options]
       scaling-lens plot FILE [--chart pstar-d|pstar-width|phase] --out plot.svg   (see plot --help)

Predicts how the minimal training-set size P* scales with the input dimension and the widths,
which feature-learning pattern a network uses, and where that pattern changes.

Options:
  --json                 print one JSON document (the contract in formats.md)
  --set NAME=VALUE       give a size a numeric value (repeatable), e.g. --set d=100 --set N1=1e4;
                         NAME is a size of the model: d, a width (N1, N2, ... by position), L
  --degree M             target degree (default 3)
  --readout KIND         standard | mean-field (default standard)
  -h, --help             this help
  -v, --version          the version

Each value comes from the first of: the command line, the override file beside the model
(model.scaling.json beside model.json), the file itself, the settings, the built-in default.
Files: JSON/JSONC with a "scalingModel" object, Keras/TF.js model.json (layers or graph models),
Hugging Face config.json, TypeScript/JavaScript with TensorFlow.js code or @scaling annotations.
A directory is searched for such files.
Exit codes: 0 all files read, 1 a file had errors, 2 bad usage.`;

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

const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-e2e', '.vscode-test']);

function expand(path: string, cwd: string): string[] {
  let st;
  try {
    st = statSync(resolve(cwd, path));
  } catch {
    return [path]; // reported as unreadable below
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(resolve(cwd, dir)).sort()) {
      const rel = join(dir, name);
      const s = statSync(resolve(cwd, rel));
      if (s.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(rel);
      } else if (/\.(jsonc?|[cm]?[jt]sx?|py)$/.test(name)) {
        try {
          if (mightContainModel(name, readFileSync(resolve(cwd, rel), 'utf8'))) out.push(rel);
        } catch {
          /* unreadable files in a directory walk are skipped */
        }
      }
    }
  };
  walk(path);
  return out;
}

export function run(argv: string[], io: CliIo): number {
  // --version answers anywhere, before any command reads its arguments.
  if (argv.includes('--version')) {
    io.out(`${VERSION}\n`);
    return 0;
  }
  if (argv[0] === 'plot') return runPlot(argv.slice(1), io);
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
  const read: { file: string; result?: FileResult; models?: ReadModels }[] = [];
  for (const f of args.files.flatMap((p) => expand(p, io.cwd))) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, f), 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
      read.push({
        file: f,
        result: {
          file: f,
          models: [],
          diagnostics: [{ severity: 'error', code: 'unreadable', message: `cannot read ${f}: ${reason}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
        },
      });
      continue;
    }
    read.push({ file: f, models: readModels(f, text, { commandLine: args.commandLine, override: readOverrideBeside(resolve(io.cwd, f)) }) });
  }
  const refused = unknownSetNames(args.commandLine, read.flatMap((r) => (r.models ? [{ file: r.file, ...r.models }] : [])));
  if (refused) {
    io.err(`scaling-lens: ${refused}\n`);
    return 2;
  }
  const results = read.map((r) => r.result ?? analyzeModels(r.file, r.models!));
  const output: AnalyzeOutput = { schemaVersion: SCHEMA_VERSION, files: results };
  io.out(args.json ? JSON.stringify(output, null, 2) + '\n' : renderText(output));
  return results.some(hasErrors) ? 1 : 0;
}

/** A --set name that no model read has: refused, with the sizes each model does have. */
function unknownSetNames(cl: CommandLineValues, files: ({ file: string } & ReadModels)[]): string | undefined {
  if (!files.some((f) => f.models.length)) return undefined;
  const unknown = Object.keys(cl.sizes ?? {}).filter((k) => !files.some((f) => f.matchedSizes.includes(k)));
  if (!unknown.length) return undefined;
  const have = files.flatMap((f) => f.models.map((m) => `  ${f.file}: ${m.name}: ${sizeNames(m).join(', ') || 'no sizes'}`));
  return `--set ${unknown.map((k) => `${k}=${cl.sizes![k]}`).join(', --set ')}: no model has a size named ${unknown.join(' or ')}. The sizes are:\n${have.join('\n')}`;
}

/** model.scaling.json beside model.json (net.scaling.json beside net.py), when it exists. */
function readOverrideBeside(path: string): { fileName: string; text: string } | undefined {
  const o = overrideFileName(path);
  if (!o) return undefined;
  try {
    return { fileName: o, text: readFileSync(o, 'utf8') };
  } catch {
    return undefined;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export function main(): void {
  process.exitCode = run(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() });
}

if (require.main === module) main();
