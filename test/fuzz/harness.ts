// The fuzz harness (issue 11): mutations of real files through every front end, the analysis and
// every renderer — the hover Markdown (rendered by marked, as VS Code renders it), the inlay hints,
// the reports, structuredClone of the result (what the worker posts), JSON, the CLI text, and the
// plot builder. It counts escaped exceptions, internal errors, Markdown that links or loads
// anything, and the slowest inputs. Used by `npm run fuzz` (long run) and by the unit suite
// (a bounded run). Deterministic for a seed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { marked } from 'marked';
import { analyzeDocument, readModels } from '../../src/pipeline/document';
import type { FileResult } from '../../src/contract/result';
import { renderText } from '../../src/cli/text';
import { fileMarkdown, hoverMarkdown } from '../../src/extension/render/markdown';
import { modelHints, layerHintLabel } from '../../src/extension/render/hints';
import { buildPlot } from '../../src/plot/build';
import { parseJson } from '../../src/parse/json';
import { isKerasModel } from '../../src/parse/keras';
import { isHuggingFaceConfig } from '../../src/parse/huggingface';

export const FRONT_ENDS = ['scalingModel', 'keras', 'huggingface', 'override', 'typescript-tags', 'tfjs-code', 'pytorch'] as const;
export type FrontEnd = (typeof FRONT_ENDS)[number];

export interface Seed {
  frontEnd: FrontEnd;
  /** The file name the text is analysed under. */
  name: string;
  text: string;
  /** Where it comes from (a path in this repository). */
  source: string;
  /** For an override seed: the model file it overrides. */
  base?: { name: string; text: string };
}

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.(json|jsonc|ts|js|py)$/.test(name)) out.push(p);
  }
  return out;
}

/** Which front end reads a file, or undefined when none does (it is not a seed then). */
function frontEndOf(name: string, text: string): FrontEnd | undefined {
  if (name.endsWith('.py')) return /\btorch\b/.test(text) ? 'pytorch' : undefined;
  if (/\.(ts|js)$/.test(name)) return /tf\s*\.\s*layers/.test(text) ? 'tfjs-code' : text.includes('@scaling') ? 'typescript-tags' : undefined;
  if (/\.scaling\.jsonc?$/.test(name)) return 'override';
  const { root } = parseJson(text);
  if (!root) return undefined;
  if (text.includes('"scalingModel"')) return 'scalingModel';
  if (isKerasModel(root)) return 'keras';
  if (isHuggingFaceConfig(root)) return 'huggingface';
  return undefined;
}

/**
 * Seeds whose analysis takes seconds by design (a 128-hidden-layer model walks 129 sizes; with one
 * width, 2 s, which the status bar's spinner is tested on; 64 of one width, whose phase diagram the
 * panel walks in steps): the fuzz run's 100 ms bound is for
 * hostile input, and depth has its own tests and benchmark.
 */
const SLOW_BY_DESIGN = new Set(['test/e2e/fixtures/e2e-deep.json', 'test/e2e/fixtures/e2e-uniform.json', 'test/e2e/fixtures/e2e-uniform64.json']);

/** Every real file of the repository that a front end reads: examples/ and test/fixtures/ (and the e2e fixtures). */
export function loadSeeds(root: string): Seed[] {
  const seeds: Seed[] = [];
  const dirs = ['examples', join('test', 'fixtures'), join('test', 'e2e', 'fixtures')];
  for (const d of dirs) {
    let files: string[];
    try {
      files = filesUnder(join(root, d));
    } catch {
      continue;
    }
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const frontEnd = frontEndOf(f, text);
      if (!frontEnd) continue;
      const source = relative(root, f);
      if (SLOW_BY_DESIGN.has(source.split(sep).join('/'))) continue;
      const seed: Seed = { frontEnd, name: source, text, source };
      if (frontEnd === 'override') {
        const baseName = f.replace(/\.scaling\.(jsonc?)$/, '.$1');
        try {
          seed.base = { name: relative(root, baseName), text: readFileSync(baseName, 'utf8') };
        } catch {
          continue;
        }
      }
      seeds.push(seed);
    }
  }
  return seeds;
}

// ------------------------------------------------------------------ mutations
/** Names that are keys of Object.prototype: a lookup on a plain object finds them. */
export const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];
/** Text that would be live Markdown (links, images, HTML, commands) if a renderer did not escape it. */
export const MARKDOWN_PAYLOADS = [
  '`](command:scalingLens.showPlot?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D)`',
  '``x`` ![i](https://example.invalid/i.png) ``',
  '[click](command:workbench.action.terminal.new)',
  '<img src=https://example.invalid/x.png>',
  'see https://example.invalid/a and www.example.invalid and a@example.invalid',
  '\n\n# heading\n\n[ref]: https://example.invalid',
  '&lt;b&gt; &#91;x&#93;(https://example.invalid)',
  '~~x~~ **y** _z_ | a | b |',
];
const NUMBERS = ['1e300', '1e308', '1.7976931348623157e308', '9'.repeat(400), '1e-300', '0', '-1', '0.5', '4294967297', '1e15', '65'];
const ALPHABET = '{}[]()"\'`:,;/*\\@=.$-+^ \n\t0123456789eE abcdNLxyz\u0000\u00e9\ud83d';
const TOKENS = ['@scaling ', '@scaling layer dense width=', 'tf.layers.dense({units: ', '"scalingModel"', '"layers": [', '${', '/*', '*/', '//', '1e400', '-0', 'null', '"type": "dense"', 'model.add(', '`', '/re[/]/g', '"class_name": "Dense"', '"units": ', '"n_embd": ', '"sizes": {', '"regime": {',
  // Python: a model file's constructs, and what breaks a tokenizer (quotes, f-strings, indentation, continuations).
  'nn.Linear(', 'nn.Sequential(', 'self.fc = ', 'def forward(self, x):\n', '\n    ', '\n\t', '"""', "f'{", '\\\n', 'for i in range(', 'class M(nn.Module):\n', '# @scaling regime N1=d\n', 'lambda x: ', '**', '*layers', 'super().__init__()'];
const STRING_LITERAL = /"(?:[^"\\\n]|\\.)*"/g;
const NUMBER_LITERAL = /\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/g;
const WORD = /\b[A-Za-z_][A-Za-z0-9_]*\b/g;

function pick<T>(xs: readonly T[], rnd: () => number): T {
  return xs[Math.floor(rnd() * xs.length)];
}

/** Replaces one random match of `re` in the text with `make()`. */
function replaceOne(text: string, re: RegExp, make: () => string, rnd: () => number): string {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(re)) {
    spans.push([m.index!, m.index! + m[0].length]);
    if (spans.length >= 2000) break;
  }
  if (!spans.length) return text;
  const [a, b] = pick(spans, rnd);
  return text.slice(0, a) + make() + text.slice(b);
}

export function mutate(text: string, rnd: () => number): string {
  const at = () => Math.floor(rnd() * (text.length + 1));
  switch (Math.floor(rnd() * 11)) {
    case 0:
      return text.slice(0, at());
    case 1: {
      const i = at();
      return text.slice(0, i) + pick([...ALPHABET], rnd) + text.slice(i + 1);
    }
    case 2: {
      const i = at();
      return text.slice(0, i) + pick(TOKENS, rnd) + text.slice(i);
    }
    case 3: {
      const i = at();
      const j = at();
      return text.slice(0, Math.min(i, j)) + text.slice(Math.max(i, j));
    }
    case 4: {
      const i = at();
      const j = Math.min(text.length, i + Math.floor(rnd() * 80));
      return text.slice(0, i) + text.slice(i, j).repeat(1 + Math.floor(rnd() * 5)) + text.slice(i);
    }
    case 5: {
      let s = '';
      const n = Math.floor(rnd() * 200);
      for (let k = 0; k < n; k++) s += rnd() < 0.2 ? pick(TOKENS, rnd) : pick([...ALPHABET], rnd);
      return s;
    }
    case 6: {
      let s = text;
      for (let k = 0; k < 5; k++) {
        const i = Math.floor(rnd() * (s.length + 1));
        s = s.slice(0, i) + String.fromCharCode(Math.floor(rnd() * 0x3000)) + s.slice(i);
      }
      return s;
    }
    case 7: // a string from the file becomes a name that is a key of Object.prototype
      return replaceOne(text, STRING_LITERAL, () => `"${pick(PROTO_NAMES, rnd)}"`, rnd);
    case 8: // a word (a symbol, a tag value, a key in code) becomes one
      return replaceOne(text, WORD, () => pick(PROTO_NAMES, rnd), rnd);
    case 9: // a string becomes Markdown that must stay text
      return replaceOne(text, STRING_LITERAL, () => JSON.stringify(pick(MARKDOWN_PAYLOADS, rnd)), rnd);
    default: // a number becomes a huge, tiny or awkward one
      return replaceOne(text, NUMBER_LITERAL, () => pick(NUMBERS, rnd), rnd);
  }
}

// ------------------------------------------------------------------ one input through everything
export interface InputReport {
  /** CPU milliseconds of parse + analysis (what the worker runs for the editor). */
  analyzeMs: number;
  /** CPU milliseconds of everything (analysis, renderers, and the plot when it was built). */
  totalMs: number;
  /** An exception that escaped any step. */
  escaped?: string;
  /** Diagnostics with code internal-error: a bug caught and reported. */
  internal: string[];
  /** Markdown that renders a link, an image or HTML it should not. */
  markdown: string[];
  models: number;
}

/** The hover as VS Code shows it: our one link at the end, nothing else live. */
function checkHover(md: string): string | undefined {
  const html = marked.parse(md, { async: false, gfm: true }) as string;
  const links = html.match(/<a\s/g) ?? [];
  if (links.length !== 1) return `${links.length} links in the hover (expected only "Show scaling plot")`;
  if (!/<a href="command:scalingLens\.showPlot\?[^"]*">Show scaling plot<\/a><\/p>\s*$/.test(html)) return 'the one link is not the plot link at the end';
  if (/<img|<script|<iframe|<svg|<style|<(?!\/?(?:p|h[1-6]|strong|em|code|table|thead|tbody|tr|th|td|ul|ol|li|a|br|hr)\b)[a-z]/i.test(html)) return 'an image or other HTML in the hover';
  return undefined;
}

/** CPU milliseconds since t0 (other processes on a busy machine do not count against an input). */
function cpuSince(t0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

export function runInput(name: string, text: string, options: { override?: { fileName: string; text: string }; plot?: boolean } = {}): InputReport {
  const report: InputReport = { analyzeMs: 0, totalMs: 0, internal: [], markdown: [], models: 0 };
  const t0 = process.cpuUsage();
  try {
    const result: FileResult = analyzeDocument(name, text, { override: options.override });
    report.analyzeMs = cpuSince(t0);
    report.models = result.models.length;
    for (const d of [...(result.diagnostics ?? []), ...result.models.flatMap((m) => m.diagnostics)]) {
      if (d.code === 'internal-error') report.internal.push(d.message);
    }
    structuredClone(result);
    JSON.stringify(result);
    renderText({ files: [result] });
    fileMarkdown(result);
    for (const m of result.models.slice(0, 3)) {
      for (const layer of [undefined, ...m.layers.keys()].slice(0, 4)) {
        const problem = checkHover(hoverMarkdown(m, 'file:///w/model.json', layer));
        if (problem) report.markdown.push(`${m.name.slice(0, 60)}: ${problem}`);
      }
      for (const v of ['minimal', 'normal', 'detailed'] as const) modelHints(m, v);
      m.layers.forEach((_, i) => layerHintLabel(m, i, 'detailed'));
    }
    if (options.plot) for (const m of readModels(name, text, { override: options.override }).models.slice(0, 2)) buildPlot(m, { phaseResolution: 8 });
  } catch (e) {
    report.escaped = e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(e);
  }
  report.totalMs = cpuSince(t0);
  return report;
}

// ------------------------------------------------------------------ a run
export interface FrontEndStats {
  inputs: number;
  escaped: number;
  internal: number;
  markdown: number;
  /** Inputs whose parse + analysis took over the limit (timed twice: a pause can land on any input). */
  slow: number;
  maxAnalyzeMs: number;
  maxTotalMs: number;
  /** The first few failures, each with its input (cut), for a person to look at. */
  examples: string[];
}

export interface RunOptions {
  /** Inputs per front end. */
  perFrontEnd: number;
  seed: number;
  /** Build the plot for one input in this many. */
  plotEvery: number;
  slowMs: number;
  onProgress?: (frontEnd: FrontEnd, done: number) => void;
}

export function runFuzz(seeds: Seed[], o: RunOptions): Map<FrontEnd, FrontEndStats> {
  const stats = new Map<FrontEnd, FrontEndStats>();
  const rnd = prng(o.seed);
  // Warm the JIT so that the time limit measures the code, not its first compilation.
  for (const s of seeds) for (let k = 0; k < 3; k++) runInput(s.name, s.base ? s.base.text : s.text, { plot: k === 0 });
  for (const fe of FRONT_ENDS) {
    const mine = seeds.filter((s) => s.frontEnd === fe);
    const st: FrontEndStats = { inputs: 0, escaped: 0, internal: 0, markdown: 0, slow: 0, maxAnalyzeMs: 0, maxTotalMs: 0, examples: [] };
    stats.set(fe, st);
    if (!mine.length) continue;
    for (let k = 0; k < o.perFrontEnd; k++) {
      const seed = mine[k % mine.length];
      let text = seed.text;
      const rounds = 1 + Math.floor(rnd() * 3);
      for (let r = 0; r < rounds; r++) text = mutate(text, rnd);
      const plot = k % o.plotEvery === 0;
      const run = () =>
        seed.base
          ? runInput(seed.base.name, seed.base.text, { override: { fileName: seed.name, text }, plot })
          : runInput(seed.name, text, { plot });
      let r = run();
      if (r.analyzeMs > o.slowMs) r = run();
      st.inputs++;
      st.maxAnalyzeMs = Math.max(st.maxAnalyzeMs, r.analyzeMs);
      st.maxTotalMs = Math.max(st.maxTotalMs, r.totalMs);
      const fail = (what: string) => {
        if (st.examples.length < 5) st.examples.push(`${what}\n    input (${seed.source}, ${text.length} chars): ${JSON.stringify(text.slice(0, 300))}`);
      };
      if (r.escaped) (st.escaped++, fail(`escaped: ${r.escaped}`));
      if (r.internal.length) (st.internal++, fail(`internal error: ${r.internal[0]}`));
      if (r.markdown.length) (st.markdown++, fail(`markdown: ${r.markdown[0]}`));
      if (r.analyzeMs > o.slowMs) (st.slow++, fail(`slow: ${r.analyzeMs.toFixed(1)} ms`));
      if (o.onProgress && (k + 1) % 1000 === 0) o.onProgress(fe, k + 1);
    }
  }
  return stats;
}
