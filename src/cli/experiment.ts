// `scaling-lens experiment`: checks a model's predicted exponent by experiment on this machine's
// CPU (worker threads), or exports the same experiment as a PyTorch script for a GPU.
// Exit codes: 0 done (whatever the verdict), 1 the file or the model cannot be checked (with the
// reason), 2 bad usage, 130 interrupted (the results so far are still written).

import { writeFileSync } from 'node:fs';
import { readTextFile } from './files';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { planFromModels } from '../experiment/run/fromModels';
import { resultsFileName } from '../experiment/results';
import { readModelFile, unknownSetNames } from './read';
import { commandLineValues, VALUE_OPTIONS } from './args';
import type { CommandLineValues } from '../contract/inputs';
import { exportScript } from '../experiment/run/exportScript';
import { predictedText } from '../experiment/compare';
import { failureOf, runFailed } from '../experiment/summarize';
import { machineName, runExperiment } from '../experiment/run/runner';
import type { ExperimentResults, ExperimentSettings } from '../experiment/types';

const EXPERIMENT_USAGE = `Usage: scaling-lens experiment FILE [options]

Checks the predicted exponent of P* by experiment: trains the model's own dense network as
Bayesian inference (Langevin dynamics at temperature kappa) on x ~ N(0, I_d) with the target
He_m(w*·x), measures the smallest P at which the test alignment crosses alpha (half its plateau)
at several d, fits the exponent with a bootstrap interval over seeds, and reads it against the
prediction (a lower bound on P*).

Options:
  --model NAME           the model to check when the file has several
  --quick                small d (8 to 32) and 2 seeds: a smoke test, about 2 minutes on a CPU for
                         widths N ∝ d, much longer for wider ones (N = d^1.5: about 25)
                         (default: the full mode, d = 16 to 128 and 8 seeds, which takes hours on a CPU)
  --json                 print the results as JSON (the results file's contents)
  --out FILE             write the results file (e.g. model.experiment.json, which the editor loads)
  --export-script FILE   write the same experiment as a self-contained PyTorch script and exit
  --dims LIST            input dimensions, e.g. 8,16,32 (each once, at most 65536)
  --seeds N              seeds (teachers and data sets) per point
  --kappa K              the temperature (default: the model's kappa, else 0.5)
  --integrator KIND      underdamped (default: noisy gradient descent with momentum, BAOAB) or
                         overdamped (plain noisy gradient descent; about sqrt(P/kappa) times more steps)
  --max-width N          the width budget: a d whose widths exceed it is left out (and said); at most 65536
  --threads N            worker threads (default: the CPU count, at most 8; at most 64)
  --machine TEXT         how the results name this machine (default: the CPU count and model)
  --set NAME=VALUE       give a size a numeric value (repeatable); widths without a regime follow
                         the exponents their sizes imply
  --degree M             target degree (the command line wins over the file, as for analyze)
  --readout KIND         standard | mean-field (the command line wins over the file)
  -h, --help             this help

Exit codes: 0 done, 1 the file or model cannot be checked (reason printed), 2 bad usage, 130 interrupted.`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

export interface ExperimentCliDeps {
  version: string;
}

class UsageError extends Error {}

const positiveInt = (name: string, v: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} expects a positive integer, got '${v}'`);
  if (n > max) throw new UsageError(`${name} is at most ${max}, got '${v}'`);
  return n;
};

/**
 * Bounds on what a run on this machine can hold: a d or a width past 65,536 (each run holds d·N
 * weights and pools of P·d inputs) failed in every worker and read "no learning"; a thread is a
 * worker with its own heap (300 of them took 2.5 GB for a job of a second).
 */
const MAX_DIM = 65_536;
const MAX_WIDTH = 65_536;
const MAX_THREADS = 64;

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      quick: { type: 'boolean' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      'export-script': { type: 'string' },
      dims: { type: 'string' },
      seeds: { type: 'string' },
      kappa: { type: 'string' },
      integrator: { type: 'string' },
      'max-width': { type: 'string' },
      threads: { type: 'string' },
      machine: { type: 'string' },
      ...VALUE_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help' as const;
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one model file at a time, got ${positionals.length}` : 'no file given');
  const settings: Partial<ExperimentSettings> = {};
  if (values.dims !== undefined) {
    const dims = values.dims.split(',').map((s) => Number(s.trim()));
    if (dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d < 2)) throw new UsageError(`--dims expects at least two integers >= 2, e.g. 8,16,32; got '${values.dims}'`);
    const big = dims.find((d) => d > MAX_DIM);
    if (big !== undefined) throw new UsageError(`--dims: each d is at most ${MAX_DIM}, got ${big}`);
    const twice = dims.find((d, i) => dims.indexOf(d) !== i);
    if (twice !== undefined) throw new UsageError(`--dims names ${twice} twice; give each d once`);
    settings.dims = [...dims].sort((a, b) => a - b);
  }
  const seeds = positiveInt('--seeds', values.seeds);
  if (seeds !== undefined) settings.seeds = seeds;
  const maxWidth = positiveInt('--max-width', values['max-width'], MAX_WIDTH);
  if (maxWidth !== undefined) settings.maxWidth = maxWidth;
  if (values.kappa !== undefined) {
    const k = Number(values.kappa);
    if (!(k > 0) || !Number.isFinite(k)) throw new UsageError(`--kappa expects a positive number, got '${values.kappa}'`);
    settings.kappa = k;
  }
  if (values.integrator !== undefined) {
    if (values.integrator !== 'underdamped' && values.integrator !== 'overdamped') throw new UsageError("--integrator expects 'underdamped' or 'overdamped'");
    settings.integrator = values.integrator;
  }
  // --set, --degree and --readout as analyze takes them: first in the one order of precedence.
  let commandLine: CommandLineValues;
  try {
    commandLine = commandLineValues(values);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    file: positionals[0],
    model: values.model,
    mode: values.quick ? ('quick' as const) : ('full' as const),
    json: !!values.json,
    out: values.out,
    exportScript: values['export-script'],
    threads: positiveInt('--threads', values.threads, MAX_THREADS),
    machine: values.machine,
    settings,
    commandLine,
  };
}

export async function runExperimentCommand(argv: string[], io: Io, deps: ExperimentCliDeps): Promise<number> {
  let args: Exclude<ReturnType<typeof parse>, 'help'>;
  try {
    const p = parse(argv);
    if (p === 'help') {
      io.out(EXPERIMENT_USAGE + '\n');
      return 0;
    }
    args = p;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`scaling-lens experiment: ${(e as Error).message}\n\n${EXPERIMENT_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const path = resolve(io.cwd, args.file);
  // Read as `analyze` reads a file: a regular file within the size limit, never a FIFO or a device.
  const read = readTextFile(path);
  if ('refused' in read) {
    io.err(`scaling-lens experiment: ${args.file}: ${read.refused.message}\n`);
    return 1;
  }
  const text = read.text;
  // Read as `analyze` reads a file: the command line, then the override beside it, then the file.
  const parsed = readModelFile(args.file, text, io.cwd, { commandLine: args.commandLine }, true);
  const { models, diagnostics } = parsed;
  const refused = unknownSetNames(args.commandLine, [{ file: args.file, ...parsed }]);
  if (refused) {
    io.err(`scaling-lens experiment: ${refused}\n`);
    return 2;
  }
  const error = diagnostics.find((d) => d.severity === 'error');
  const noModel = error && `line ${error.range.start.line + 1}, column ${error.range.start.character + 1}: ${error.message}`;
  const answer = planFromModels({ models, noModel, model: args.model, mode: args.mode, settings: args.settings, file: args.file });
  if (!answer.outcome) {
    io.err(`${args.file}: several models; choose one with --model (models: ${answer.models.join(', ')})\n`);
    return 2;
  }
  const planned = answer.outcome;
  if (!planned.ok) {
    io.err(`${args.file}: cannot check by experiment: ${planned.reason}\n`);
    return 1;
  }
  const plan = planned.plan;
  if (args.exportScript) {
    writeFileSync(resolve(io.cwd, args.exportScript), exportScript(plan, `scaling-lens ${deps.version}`));
    io.err(`wrote ${args.exportScript}: python3 ${args.exportScript} --out ${resultsFileName(args.file, plan.model.name, answer.models.length)}  (needs PyTorch; --quick for the smoke test)\n`);
    return 0;
  }
  const s = plan.settings;
  io.err(
    `${plan.model.name}: predicted P* ∝ d^${predictedText(plan.predicted)} [${plan.predicted.status}]; ${s.mode} mode${s.mode === 'quick' ? ' (a smoke test)' : ''}: d = ${s.dims.join(', ')}, ${s.seeds} seeds, kappa ${s.kappa}\n`,
  );
  for (const x of plan.dropped) io.err(`  d = ${x.d} left out: ${x.reason}\n`);
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  const started = Date.now();
  let lastLine = 0;
  const results = await runExperiment(plan, {
    threads: args.threads,
    signal: ac.signal,
    machine: args.machine ?? machineName(),
    producer: `scaling-lens ${deps.version} (TypeScript core)`,
    onProgress: (p) => {
      if (Date.now() - lastLine < 3000 && p.fraction < 1) return;
      lastLine = Date.now();
      io.err(`  ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${Math.round(p.fraction * 100)}%  ${p.message}\n`);
    },
  });
  process.removeListener('SIGINT', onSigint);
  if (args.out) writeFileSync(resolve(io.cwd, args.out), JSON.stringify(results, null, 1) + '\n');
  io.out(args.json ? JSON.stringify(results, null, 1) + '\n' : renderResults(results));
  if (args.out) io.err(`wrote ${args.out}\n`);
  if (results.status === 'cancelled') return 130;
  // Every run failed (not a measurement: an error of the machine): said, and exit 1.
  const runs = results.measured.points.flatMap((p) => p.runs);
  if (runs.length && runs.every(runFailed)) {
    io.err(`scaling-lens experiment: every run failed: ${failureOf(runs[0])}\n`);
    return 1;
  }
  return 0;
}

const num = (x: number | undefined, digits = 1) => (x === undefined ? '–' : x.toFixed(digits));

/** The results for a person: the prediction, each point, the fit and its reading. */
function renderResults(r: ExperimentResults): string {
  const lines: string[] = [];
  lines.push(`${r.model.file ?? ''}${r.model.file ? ': ' : ''}${r.model.name} (${r.settings.mode} mode${r.smokeTest ? ', a smoke test' : ''}; ${r.status})`);
  lines.push(`  predicted  P* ∝ ${r.predicted.text ?? 'κ·E'} → d^${predictedText(r.predicted)}  [${r.predicted.status}]   widths: ${r.model.widths.map((w) => w.text).join('; ')}`);
  const m = r.measured;
  lines.push(`  measured   ${m.exponent === undefined ? 'no exponent' : `d^${m.exponent.toFixed(2)}`}${m.interval ? ` (${Math.round(r.settings.level * 100)}% interval ${m.interval[0].toFixed(2)} to ${m.interval[1].toFixed(2)})` : ''}; kappa ${r.settings.kappa}, ${r.settings.seeds} seeds`);
  lines.push(`  ${'d'.padStart(6)} ${'P*'.padStart(9)} ${'interval'.padStart(17)} ${'alpha'.padStart(6)} ${'plateau'.padStart(8)}  equilibrated`);
  for (const p of m.points) {
    const iv = p.interval ? `${num(p.interval[0])} to ${num(p.interval[1])}` : '–';
    lines.push(`  ${String(p.d).padStart(6)} ${num(p.pStar).padStart(9)} ${iv.padStart(17)} ${p.alpha.toFixed(3).padStart(6)} ${p.plateau.toFixed(3).padStart(8)}  ${p.equilibrated ? 'yes' : 'no'}${p.provisional ? ' (provisional)' : ''}`);
    for (const n of p.notes) lines.push(`         ${n}`);
  }
  lines.push(`  ${m.reading}`);
  for (const c of m.caveats) lines.push(`  ${c}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  if (r.seconds !== undefined) lines.push(`  ${r.seconds} s${r.machine ? ` on ${r.machine}` : ''}`);
  return lines.join('\n') + '\n';
}
