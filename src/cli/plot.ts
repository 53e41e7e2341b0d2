// `scaling-lens plot`: the scaling plot's charts as SVG (or their data as CSV/JSON), with no browser.
// Same chart data as the editor's panel (src/plot). Exit codes as for `analyze`: 0 written,
// 1 the file could not be read or holds no model that can be plotted, 2 bad usage.

import { writeFileSync } from 'node:fs';
import { readTextFile } from './files';
import { resolve } from 'node:path';
import { parseDocument } from '../parse/index';
import { buildPlot, chartCsv, chartSvg, plotJson, allCharts, type Chart, type PlotData } from '../plot/index';
import type { ReadoutKind } from '../model/types';

export const PLOT_USAGE = `Usage: scaling-lens plot FILE [options]

Draws the scaling plot of a model as SVG: P* against d for every candidate pattern, P* against a
width with the crossings where the winner changes, or the phase diagram over two sizes.

Options:
  --model NAME           the model to plot when the file has several (default: the first)
  --chart KIND           pstar-d (default) | pstar-width | phase | scales, or a chart id such as pstar-N2
  --along SYMBOL         the width of pstar-width / scales (default: the first width)
  --axes X,Y             the two sizes of the phase diagram (default: the first two widths)
  --set NAME=VALUE       give a size a numeric value (repeatable)
  --degree M             target degree when the file does not state it (default 3)
  --readout KIND         standard | mean-field, when the file does not state it
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

class UsageError extends Error {}

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

function parse(argv: string[]): PlotArgs | 'help' {
  const a: PlotArgs = { file: '', chart: 'pstar-d', sizes: {}, theme: 'light' };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      return argv[++i];
    };
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--model':
        a.model = value();
        break;
      case '--chart':
        a.chart = value();
        break;
      case '--along':
        a.along = value();
        break;
      case '--axes': {
        const v = value().split(',').map((s) => s.trim());
        if (v.length !== 2 || !v[0] || !v[1] || v[0] === v[1]) throw new UsageError('--axes expects two different sizes, e.g. --axes N1,N2');
        a.axes = [v[0], v[1]];
        break;
      }
      case '--set': {
        const spec = value();
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(spec);
        const v = m ? Number(m[2]) : NaN;
        if (!m || !Number.isFinite(v) || v < 1) throw new UsageError(`--set expects NAME=VALUE with a number >= 1, got '${spec}'`);
        a.sizes[m[1]] = v;
        break;
      }
      case '--degree': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 1) throw new UsageError('--degree expects an integer >= 1');
        a.degree = v;
        break;
      }
      case '--readout': {
        const v = value();
        if (v !== 'standard' && v !== 'mean-field') throw new UsageError("--readout expects 'standard' or 'mean-field'");
        a.readout = v;
        break;
      }
      case '--theme': {
        const v = value();
        if (v !== 'light' && v !== 'dark') throw new UsageError("--theme expects 'light' or 'dark'");
        a.theme = v;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'svg' && v !== 'csv' && v !== 'json') throw new UsageError("--format expects 'svg', 'csv' or 'json'");
        a.format = v;
        break;
      }
      case '--out':
      case '-o':
        a.out = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        files.push(arg);
    }
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

/** The chart that `--chart` (and `--along`) names, or a usage error that lists what exists. */
function pickChart(plot: PlotData, args: PlotArgs): Chart {
  const charts = allCharts(plot);
  const byId = charts.find((c) => c.id === args.chart);
  if (byId) return byId;
  const along = args.along ?? plot.widths[0];
  let found: Chart | undefined;
  if (args.chart === 'pstar-width') found = plot.charts.pstarWidth.find((c) => c.x.symbol === along);
  else if (args.chart === 'scales') found = plot.charts.scales.find((c) => c.x.symbol === along);
  else if (args.chart === 'phase') found = plot.charts.phase;
  if (found) return found;
  const why = args.chart === 'phase' && plot.widths.length < 2 ? ' (the phase diagram needs two widths)' : args.chart === 'scales' ? ' (the winning pattern has no free scale, or no such width)' : '';
  throw new UsageError(`no chart '${args.chart}'${args.along ? ` along ${args.along}` : ''} for this model${why}; charts: ${charts.map((c) => c.id).join(', ')}`);
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
  const parsed = parseDocument(args.file, text, { defaults: { degree: args.degree, readout: args.readout } });
  const errors = (parsed.diagnostics ?? []).filter((d) => d.severity === 'error');
  for (const d of errors) io.err(`${args.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}\n`);
  const model = args.model ? parsed.models.find((m) => m.name === args.model) : parsed.models[0];
  if (!model) {
    io.err(`scaling-lens plot: ${args.model ? `no model named '${args.model}' in ${args.file}${parsed.models.length ? ` (models: ${parsed.models.map((m) => m.name).join(', ')})` : ''}` : `no model in ${args.file}`}\n`);
    return 1;
  }
  const plot = buildPlot(model, { sizes: Object.keys(args.sizes).length ? args.sizes : undefined, phaseAxes: args.axes });
  if (plot.unavailable) {
    io.err(`scaling-lens plot: ${model.name}: nothing to plot: ${plot.unavailable}\n`);
    return 1;
  }
  if (args.axes && plot.charts.phase && plot.charts.phase.id !== `phase-${args.axes[0]}-${args.axes[1]}`) {
    io.err(`scaling-lens plot: --axes ${args.axes.join(',')}: not two widths of ${model.name} (widths: ${plot.widths.join(', ')})\n`);
    return 2;
  }
  let chart: Chart;
  try {
    chart = pickChart(plot, args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`scaling-lens plot: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const format = args.format ?? 'svg';
  const body = format === 'json' ? plotJson(plot) : format === 'csv' ? chartCsv(chart) : chartSvg(chart, { candidates: plot.candidates, theme: args.theme, dim: plot.dim });
  if (args.out && args.out !== '-') {
    try {
      writeFileSync(resolve(io.cwd, args.out), body);
    } catch (e) {
      io.err(`scaling-lens plot: cannot write ${args.out}: ${(e as Error).message}\n`);
      return 1;
    }
    io.out(`${args.out}: ${chart.title} (${model.name})\n${chart.description}\n`);
  } else io.out(body);
  return errors.length ? 1 : 0;
}
