// `scaling-lens plot`: the scaling plot's charts as SVG (or their data as CSV/JSON), with no browser.
// Same chart data as the editor's panel (src/plot). Exit codes as for `analyze`: 0 written,
// 1 the file could not be read or holds no model that can be plotted, 2 bad usage.

import { writeFileSync } from 'node:fs';
import { readTextFile } from './files';
import { resolve } from 'node:path';
import { sizeNames } from '../parse/override';
import { readModelFile } from './read';
import { terminalLine } from './terminal';
import { commandLineValues, parseOptions, UsageError, VALUE_OPTIONS } from './args';
import { Plotter, chartCsv, chartSvg, plotJson, type Chart } from '../plot/index';
import type { ReadoutKind } from '../model/types';

const PLOT_USAGE = `Usage: scaling-lens plot FILE [options]

Draws the scaling plot of a model as SVG: P* against d for every candidate pattern, P* against a
width with the crossings where the winner changes, or the phase diagram over two sizes.

Options:
  --model NAME           the model to plot when the file has several (default: the first)
  --chart KIND           pstar-d (default) | pstar-width | phase | scales, or a chart id such as pstar-N2
  --along SYMBOL         the width of pstar-width / scales (default: the first width)
  --axes X,Y             the two widths of the phase diagram (default: the first two)
  --set NAME=VALUE       give a size a numeric value (repeatable)
  --degree M             target degree (default 3; the command line wins over the file)
  --readout KIND         standard | mean-field (the command line wins over the file)
  --theme light|dark     colours of the SVG (default light)
  --format svg|csv|json  what to write (default: from --out's extension, else svg)
  --out FILE             where to write (default: standard output)
  -h, --help             this help

PNG is not written by the command line (no browser here); the editor's panel exports PNG.
Exit codes: 0 written, 1 the file had errors or no model to plot, 2 bad usage.`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}


interface PlotArgs {
  file: string;
  model?: string;
  chart: string;
  along?: string;
  axes?: [string, string];
  sizes: Record<string, number>;
  degree?: number;
  readout?: ReadoutKind;
  theme: 'light' | 'dark';
  format?: 'svg' | 'csv' | 'json';
  out?: string;
}

const OPTIONS = {
  model: { type: 'string' },
  chart: { type: 'string' },
  along: { type: 'string' },
  axes: { type: 'string' },
  ...VALUE_OPTIONS,
  theme: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: string[]): PlotArgs | 'help' {
  const { values: v, positionals: files } = parseOptions(argv, OPTIONS);
  if (v.help) return 'help';
  const cl = commandLineValues(v);
  const a: PlotArgs = { file: '', chart: v.chart ?? 'pstar-d', sizes: cl.sizes ?? {}, degree: cl.degree, readout: cl.readout, theme: 'light', model: v.model, along: v.along, out: v.out };
  if (v.axes !== undefined) {
    const axes = v.axes.split(',').map((s) => s.trim());
    if (axes.length !== 2 || !axes[0] || !axes[1] || axes[0] === axes[1]) throw new UsageError('--axes expects two different sizes, e.g. --axes N1,N2');
    a.axes = [axes[0], axes[1]];
  }
  if (v.theme !== undefined) {
    if (v.theme !== 'light' && v.theme !== 'dark') throw new UsageError("--theme expects 'light' or 'dark'");
    a.theme = v.theme;
  }
  if (v.format !== undefined) {
    if (v.format !== 'svg' && v.format !== 'csv' && v.format !== 'json') throw new UsageError("--format expects 'svg', 'csv' or 'json'");
    a.format = v.format;
  }
  if (files.length !== 1) throw new UsageError(files.length ? 'plot takes one file' : 'no file given');
  a.file = files[0];
  if (!a.format && a.out) {
    const ext = /\.(svg|csv|json)$/i.exec(a.out)?.[1]?.toLowerCase();
    if (a.out.toLowerCase().endsWith('.png')) throw new UsageError('PNG is not written by the command line; use --out FILE.svg (the editor panel exports PNG)');
    a.format = (ext as PlotArgs['format']) ?? 'svg';
  }
  return a;
}

/** The chart that `--chart` (and `--along`) names, built alone, or a usage error that lists what exists. */
function pickChart(plotter: Plotter, args: PlotArgs): Chart {
  const plot = plotter.data;
  const byId = plotter.chart(args.chart);
  if (byId) return byId;
  const found = plotter.chartOf(args.chart, args.along);
  if (found) return found;
  const why = args.chart === 'phase' && plot.widths.length < 2 ? ' (the phase diagram needs two widths)' : args.chart === 'scales' ? ' (the winning pattern has no free scale, or no such width)' : '';
  throw new UsageError(`no chart '${args.chart}'${args.along ? ` along ${args.along}` : ''} for this model${why}; charts: ${plotter.chartIds().join(', ')}`);
}

export function runPlot(argv: string[], io: Io): number {
  let args: PlotArgs | 'help';
  try {
    args = parse(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`scaling-lens plot: ${e.message}\n\n${PLOT_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    io.out(PLOT_USAGE + '\n');
    return 0;
  }
  // Read as `analyze` reads a file: a regular file within the size limit, never a FIFO or a device.
  const read = readTextFile(resolve(io.cwd, args.file));
  if ('refused' in read) {
    io.err(`scaling-lens plot: ${args.file}: ${read.refused.message}\n`);
    return 1;
  }
  const text = read.text;

  // Read as `analyze` reads it: the override beside the file, then the command line over both
  // (src/parse/override.ts, PRECEDENCE); --set sizes go into the model.
  const commandLine = { degree: args.degree, readout: args.readout, ...(Object.keys(args.sizes).length ? { sizes: args.sizes } : {}) };
  const parsed = readModelFile(args.file, text, io.cwd, { commandLine }, true);
  const errors = [...(parsed.problem ? [parsed.problem] : []), ...parsed.diagnostics].filter((d) => d.severity === 'error');
  if (parsed.problem && parsed.problem.severity !== 'error') io.err(`${args.file}: warning: ${parsed.problem.message}\n`);
  for (const d of errors) io.err(`${args.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}\n`);
  const model = args.model ? parsed.models.find((m) => m.name === args.model) : parsed.models[0];
  if (!model) {
    io.err(`scaling-lens plot: ${args.model ? `no model named '${args.model}' in ${args.file}${parsed.models.length ? ` (models: ${parsed.models.map((m) => m.name).join(', ')})` : ''}` : `no model in ${args.file}`}\n`);
    return 1;
  }
  const unknown = Object.keys(args.sizes).filter((k) => !sizeNames(model).includes(k));
  if (unknown.length) {
    io.err(`scaling-lens plot: --set ${unknown.join(', ')}: ${model.name} has no size named so (its sizes: ${sizeNames(model).join(', ')})\n`);
    return 2;
  }
  // Only the chart asked for is built (every chart for --format json).
  const plotter = new Plotter(model, { phaseAxes: args.axes });
  const plot = plotter.data;
  if (plot.unavailable) {
    io.err(`scaling-lens plot: ${model.name}: nothing to plot: ${plot.unavailable}\n`);
    // The JSON says so too, in `unavailable` (formats.md, section 6): it wrote nothing at all.
    if (args.format === 'json') writeOrPrint(io, args.out, plotJson(plotter.all()));
    return 1;
  }
  // Checked whether or not the model has a phase diagram (with one width, --axes was passed over without a word).
  if (args.axes && plotter.phaseAxes?.join() !== args.axes.join()) {
    io.err(`scaling-lens plot: --axes ${args.axes.join(',')}: not two widths of ${model.name} (widths: ${plot.widths.join(', ') || 'none'}${plot.widths.length < 2 ? '; a phase diagram needs two' : ''})\n`);
    return 2;
  }
  let chart: Chart;
  try {
    chart = pickChart(plotter, args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`scaling-lens plot: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const format = args.format ?? 'svg';
  const body = format === 'json' ? plotJson(plotter.all()) : format === 'csv' ? chartCsv(chart) : chartSvg(chart, { candidates: plot.candidates, theme: args.theme, dim: plot.dim, model: model.name });
  if (!writeOrPrint(io, args.out, body)) return 1;
  if (args.out && args.out !== '-') io.out(`${terminalLine(`${args.out}: ${chart.title} (${model.name})`)}\n${terminalLine(chart.description)}\n`);
  return errors.length ? 1 : 0;
}

/** The output to --out (a file) or to stdout; false, having said why, where the file cannot be written. */
function writeOrPrint(io: Io, out: string | undefined, body: string): boolean {
  if (!out || out === '-') {
    io.out(body);
    return true;
  }
  try {
    writeFileSync(resolve(io.cwd, out), body);
    return true;
  } catch (e) {
    io.err(`scaling-lens plot: cannot write ${out}: ${(e as Error).message}\n`);
    return false;
  }
}
