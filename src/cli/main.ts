// scaling-lens: the scale analysis for terminals and CI (formats.md, section 4).
// Exit codes: 0 every file read, 1 a file had errors (in `diagnostics`, with line and column), 2 bad usage.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeDocument, hasErrors, type AnalyzeOptions } from '../report/document';
import type { AnalyzeOutput, FileResult } from '../report/result';
import { mightContainModel } from '../parse/index';
import { overrideFileName } from '../parse/override';
import { renderText } from './text';
import { runPlot } from './plot';
import { runExperimentCommand } from './experiment';

const USAGE = `Usage: scaling-lens analyze FILE|DIR... [options]
       scaling-lens plot FILE [--chart pstar-d|pstar-width|phase] --out plot.svg   (see plot --help)
       scaling-lens experiment FILE [--model NAME] [--quick] [--json] [--out results.json]   (see experiment --help)

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
      } else if (/\.(jsonc?|[cm]?[jt]sx?)$/.test(name)) {
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
  if (argv[0] === 'plot') return runPlot(argv.slice(1), io);
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
  let failed = false;
  for (const f of args.files.flatMap((p) => expand(p, io.cwd))) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, f), 'utf8');
    } catch (e) {
      failed = true;
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
      results.push({
        file: f,
        models: [],
        diagnostics: [{ severity: 'error', code: 'unreadable', message: `cannot read ${f}: ${reason}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
      });
      continue;
    }
    const r = analyzeDocument(f, text, { ...args.options, override: readOverrideBeside(resolve(io.cwd, f)) });
    if (hasErrors(r)) failed = true;
    results.push(r);
  }
  const output: AnalyzeOutput = { files: results };
  io.out(args.json ? JSON.stringify(output, null, 2) + '\n' : renderText(output));
  return failed ? 1 : 0;
}

/** model.scaling.json beside model.json, when it exists. */
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
  const io: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() };
  const argv = process.argv.slice(2);
  if (argv[0] === 'experiment') {
    void runExperimentCommand(argv.slice(1), io, { version: VERSION, readOverride: readOverrideBeside }).then((code) => (process.exitCode = code));
    return;
  }
  process.exitCode = run(argv, io);
}

if (require.main === module) main();
