// Benchmark of the editor path: the time from an edit to updated results through the worker
// thread on a 2,000-line file with 20 models, the extension's activation time, and the chart
// panel's first chart of a deep model. Each figure is printed with a ratio against a baseline
// measured in the same run. Asserts nothing.
//   npm run bench:extension        (builds dist/ and out/ first)
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import * as fs from 'node:fs';
import Module = require('node:module');
import { Worker } from 'node:worker_threads';
import { analyzeDocument, readModels } from '../src/pipeline/document';
import { buildPlot, Plotter } from '../src/plot/index';
import { AnalysisClient, type Outcome } from '../src/worker/client';
import { nodeWorkerTransport } from '../src/extension/nodeTransport';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'worker.js');
const EXTENSION = path.join(ROOT, 'dist', 'extension.js');
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the file: 20 models, 2,000 lines
function bigFile(models = 20, lines = 2000): string {
  const per = Math.floor(lines / models);
  const parts: string[] = ['{', '  "models": ['];
  for (let m = 0; m < models; m++) {
    const depth = 1 + (m % 3);
    const widths = Array.from({ length: depth }, (_, i) => `N${i + 1}`);
    const body = [
      '    {',
      '      "scalingModel": {',
      `        "name": "model-${m}",`,
      '        "data": { "kind": "gaussian", "dim": "d" },',
      `        "target": { "kind": "single-index", "degree": ${2 + (m % 3)} },`,
      '        "parametrization": { "readout": "standard" },',
      '        "layers": [',
      ...widths.map((w) => `          { "type": "dense", "width": "${w}", "activation": "erf" },`),
      '          { "type": "readout" }',
      '        ],',
      `        "sizes": { "d": ${100 + m}, ${widths.map((w, i) => `"${w}": ${1000 * (i + 1)}`).join(', ')} }`,
      '      },',
      '      "notes": [',
    ];
    const tail = ['      ]', `    }${m < models - 1 ? ',' : ''}`];
    const pad = Math.max(1, per - body.length - tail.length);
    for (let i = 0; i < pad; i++) body.push(`        "note ${i} of model ${m}: widths and sizes as trained"${i < pad - 1 ? ',' : ''}`);
    parts.push(...body, ...tail);
  }
  parts.push('  ]', '}');
  return parts.join('\n') + '\n';
}

// ---------------------------------------------------------------- a stub `vscode` for activation
const MANIFEST_DEFAULTS: Record<string, unknown> = Object.fromEntries(
  Object.entries((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } }).contributes.configuration.properties).map(([k, v]) => [k, v.default]),
);

function stubVscode() {
  class EventEmitter<T> {
    private ls: ((e: T) => void)[] = [];
    event = (l: (e: T) => void) => { this.ls.push(l); return { dispose: () => undefined }; };
    fire(e: T) { for (const l of this.ls) l(e); }
    dispose() { this.ls = []; }
  }
  const disposable = () => ({ dispose: () => undefined });
  const event = () => disposable();
  class Range { constructor(...a: unknown[]) { void a; } }
  // members the stub does not know (panels, views, ...) answer with a function that returns a disposable
  const lenient = <T extends object>(o: T): T => new Proxy(o, {
    get: (t, k) => (k in t ? (t as Record<string | symbol, unknown>)[k] : typeof k === 'string' && /^[A-Z]/.test(k) ? Range : () => disposable()),
  });
  const api = {
    EventEmitter, Range, Position: Range, Hover: Range, CodeLens: Range, InlayHint: Range, MarkdownString: Range, Diagnostic: Range,
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 }, ProgressLocation: { Notification: 15 }, ViewColumn: { Active: -1, Beside: -2 },
    ConfigurationTarget: { Global: 1 },
    Uri: { parse: (s: string) => ({ toString: () => s }), from: (x: object) => x, joinPath: (...x: unknown[]) => x[0], file: (p: string) => ({ fsPath: p }) },
    workspace: {
      // Every setting at the default package.json declares, as VS Code gives it.
      getConfiguration: (section: string) => ({
        get: (k: string) => MANIFEST_DEFAULTS[`${section}.${k}`],
        inspect: (k: string) => ({ key: `${section}.${k}`, defaultValue: MANIFEST_DEFAULTS[`${section}.${k}`] }),
        update: async () => undefined,
      }),
      textDocuments: [], onDidOpenTextDocument: event, onDidChangeTextDocument: event, onDidCloseTextDocument: event,
      onDidChangeConfiguration: event, registerTextDocumentContentProvider: disposable, asRelativePath: (u: unknown) => String(u),
      createFileSystemWatcher: () => ({ onDidChange: event, onDidCreate: event, onDidDelete: event, dispose() {} }),
    },
    window: {
      createOutputChannel: () => ({ appendLine: () => undefined, dispose: () => undefined }),
      createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
      onDidChangeActiveTextEditor: event, onDidChangeTextEditorSelection: event, activeTextEditor: undefined,
    },
    languages: {
      registerInlayHintsProvider: disposable, registerHoverProvider: disposable, registerCodeLensProvider: disposable,
      createDiagnosticCollection: () => ({ set: () => undefined, delete: () => undefined, clear: () => undefined, dispose: () => undefined }),
    },
    commands: { registerCommand: disposable, executeCommand: async () => undefined },
  };
  for (const k of ['workspace', 'window', 'languages', 'commands'] as const) (api as Record<string, object>)[k] = lenient(api[k]);
  return lenient(api);
}

async function main() {
  if (!fs.existsSync(WORKER) || !fs.existsSync(EXTENSION)) throw new Error('run `npm run build` first (dist/worker.js, dist/extension.js)');
  const text = bigFile();
  const lines = text.split('\n').length - 1;
  const direct = analyzeDocument('bench.json', text, {});
  console.log(`Editor-path benchmark: a ${lines}-line JSON file with ${direct.models.length} models (${(text.length / 1024).toFixed(0)} KiB)\n`);

  const client = new AnalysisClient(() => nodeWorkerTransport(WORKER), { timeoutMs: 30000 });
  const doc = (v: number) => ({ uri: 'file:///bench.json', version: v, fileName: '/bench.json', text: text.replace('"d": 100,', `"d": ${100 + v},`) });
  let t = performance.now();
  const first = await client.analyze(doc(0), {});
  const coldMs = performance.now() - t;
  if (first.kind !== 'result') throw new Error(`worker: ${JSON.stringify(first)}`);
  for (let i = 0; i < 3; i++) analyzeDocument('bench.json', text, {});

  // Interleaved, so that load from other processes hits both alike:
  // baseline = the same analysis called directly on this thread;
  // edit = a new version through the worker, no debounce (round trip + analysis + structured clone).
  const direct_: number[] = [];
  const edits: number[] = [];
  const inWorker: number[] = [];
  for (let v = 1; v <= 20; v++) {
    const d = doc(v);
    t = performance.now();
    analyzeDocument('bench.json', d.text, {});
    direct_.push(performance.now() - t);
    t = performance.now();
    const o = await client.analyze(d, {});
    edits.push(performance.now() - t);
    if (o.kind === 'result') inWorker.push(o.ms);
  }
  const directMs = median(direct_);
  const editMs = median(edits);

  // Typing: 10 keystrokes 30 ms apart with the default 300 ms debounce; time from the last keystroke.
  const burst: Promise<Outcome>[] = [];
  for (let v = 100; v < 110; v++) { burst.push(client.analyze(doc(v), {}, { debounceMs: 300 })); if (v < 109) await sleep(30); }
  t = performance.now();
  const outs = await Promise.all(burst);
  const typingMs = performance.now() - t;
  const sentBefore = client.sent;

  // A repeat of the same version comes from the cache.
  t = performance.now();
  await client.analyze(doc(109), {});
  const cacheMs = performance.now() - t;
  client.dispose();

  console.log('edit → updated results (median of 20 edits, no debounce)');
  console.log(`  direct analyzeDocument on this thread (baseline)   ${fmt(directMs)}`);
  console.log(`  through the worker: edit → result                 ${fmt(editMs)}   ×${(editMs / directMs).toFixed(2)} of baseline (analysis in the worker ${fmt(median(inWorker))})`);
  console.log(`  first result from a cold worker (thread start)     ${fmt(coldMs)}   ×${(coldMs / directMs).toFixed(2)}`);
  console.log(`  typing burst (10 keys, 30 ms apart, 300 ms debounce): last key → result ${fmt(typingMs)}; ${outs.filter((o) => o.kind === 'cancelled').length} of 10 versions cancelled, ${sentBefore - 21} sent`);
  console.log(`  same version again (cache)                         ${fmt(cacheMs)}   ×${(cacheMs / directMs).toFixed(4)}`);

  await deepHints();

  // ---------------------------------------------------------------- activation
  // Baseline: starting a bare worker thread (what activation would cost if it waited for one).
  const bare = path.join(ROOT, 'out', 'bench', 'bare-worker.js');
  fs.writeFileSync(bare, "require('node:worker_threads').parentPort.postMessage('up');\n");
  const workerStart: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    const w = new Worker(bare);
    await new Promise((r) => w.once('message', r));
    workerStart.push(performance.now() - t);
    await w.terminate();
  }
  const vscode = stubVscode();
  const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const origLoad = M._load;
  M._load = function (req: string, ...rest: unknown[]) { return req === 'vscode' ? vscode : origLoad.call(this, req, ...rest); };
  const activations: number[] = [];
  const requires: number[] = [];
  for (let i = 0; i < 5; i++) {
    delete require.cache[require.resolve(EXTENSION)];
    t = performance.now();
    const ext = require(EXTENSION) as { activate: (c: unknown) => unknown };
    requires.push(performance.now() - t);
    const ctx = { subscriptions: [] as { dispose(): void }[], asAbsolutePath: (p: string) => path.join(ROOT, p), extensionUri: { fsPath: ROOT, path: ROOT }, extension: { packageJSON: { version: 'bench' } } };
    t = performance.now();
    ext.activate(ctx);
    activations.push(performance.now() - t);
    for (const s of ctx.subscriptions) s.dispose();
  }
  M._load = origLoad;
  const act = median(requires) + median(activations);
  console.log('\nactivation (stub vscode module; median of 5, the first one cold)');
  console.log(`  start a bare worker thread (baseline)              ${fmt(median(workerStart))}`);
  console.log(`  require dist/extension.js                          ${fmt(median(requires))} (cold: ${fmt(requires[0])})`);
  console.log(`  activate()                                         ${fmt(median(activations))} (cold: ${fmt(activations[0])})`);
  console.log(`  require + activate                                 ${fmt(act)}   ×${(act / median(workerStart)).toFixed(2)} of baseline (the worker starts lazily, on the first document)`);
}

// ---------------------------------------------------------------- deep models: hints before boundaries
/**
 * A file with a model of 16 layers or more gets an early result (everything but the boundaries)
 * before the walks along its sizes: the time from a new version to its hints, against the time to
 * the whole result (what the hints waited for before; measured on the same request).
 */
async function deepHints(): Promise<void> {
  const ACTS = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
  const model = (name: string, L: number, seed: number, mixed: boolean) => ({
    scalingModel: {
      name,
      layers: [...Array.from({ length: L }, (_, i) => ({ type: 'dense', width: mixed ? 64 * (1 + ((seed * 7 + i * 13) % 64)) : 512 + 37 * seed, activation: mixed ? ACTS[(seed + i) % 5] : ['relu', 'gelu', 'tanh', 'erf'][seed % 4] })), { type: 'readout' }],
      data: { kind: 'gaussian', dim: 784 },
    },
  });
  const client = new AnalysisClient(() => nodeWorkerTransport(WORKER), { timeoutMs: 60000 });
  // Warm the worker on other architectures.
  await client.analyze({ uri: 'file:///warm.json', version: 0, fileName: '/warm.json', text: JSON.stringify([model('w', 128, 99, true), model('v', 32, 98, false)]) }, {});
  console.log('\ndeep models: new version → hints (the early result) and → the whole result, through the worker (median of 3 architectures)');
  let v = 0;
  for (const [label, n, L, mixed] of [['1 model, 128 layers of one width', 1, 128, false], ['1 model, 128 layers of mixed widths', 1, 128, true], ['1 model, 32 layers of one width', 1, 32, false], ['6 models, 128 layers of one width', 6, 128, false]] as const) {
    const early: number[] = [];
    const whole: number[] = [];
    for (let k = 0; k < (n > 1 ? 1 : 3); k++) {
      const text = JSON.stringify(Array.from({ length: n }, (_, j) => model(`m${j}`, L, 10 * k + j + 1, mixed)));
      const t0 = performance.now();
      let e = NaN;
      const o = await client.analyze({ uri: 'file:///deep.json', version: ++v, fileName: '/deep.json', text }, {}, { watch: { early: () => (e = performance.now() - t0) } });
      if (o.kind !== 'result') throw new Error(`worker: ${JSON.stringify(o)}`);
      whole.push(performance.now() - t0);
      early.push(e);
    }
    const [eMs, wMs] = [median(early), median(whole)];
    console.log(`  ${label.padEnd(38)} hints ${fmt(eMs).padStart(9)}, whole result (baseline) ${fmt(wMs).padStart(9)}   ×${(eMs / wMs).toFixed(2)} of baseline`);
  }
  client.dispose();

  // Another file sent when a deep file's walks start (its early result came): its result, where the
  // walks give way to it (after yieldAfterMs: the worker replaced, the deep file sent again after
  // it), against where they do not (the baseline); and what that costs the deep file's answer.
  console.log("\nanother file sent while a deep file walks (128 layers of one width): its result, and the deep file's whole result (one run each)");
  const small = fs.readFileSync(path.join(ROOT, 'examples', 'three-layer.json'), 'utf8');
  for (const [label, yieldAfterMs] of [['walks give way after 250 ms', 250], ['walks do not give way (baseline)', Infinity]] as const) {
    const c = new AnalysisClient(() => nodeWorkerTransport(WORKER), { timeoutMs: 60000, yieldAfterMs });
    await c.analyze({ uri: 'file:///warm.json', version: 0, fileName: '/warm.json', text: JSON.stringify([model('w', 128, 99, true), model('v', 32, 98, false)]) }, {});
    let other: Promise<number> | undefined;
    const t0 = performance.now();
    const deep = await c.analyze({ uri: 'file:///deep.json', version: 1, fileName: '/deep.json', text: JSON.stringify([model('m', 128, 3, false)]) }, {}, {
      watch: { early: () => { const t1 = performance.now(); other ??= c.analyze({ uri: 'file:///three-layer.json', version: 1, fileName: '/three-layer.json', text: small }, {}).then(() => performance.now() - t1); } },
    });
    const deepMs = performance.now() - t0;
    if (deep.kind !== 'result' || !other) throw new Error(`worker: ${JSON.stringify(deep)}`);
    console.log(`  ${label.padEnd(36)} the other file ${fmt(await other).padStart(9)}, the deep file ${fmt(deepMs).padStart(9)}`);
    c.dispose();
  }
}

// ---------------------------------------------------------------- the chart panel, deep models
/**
 * What the panel builds when it opens on a deep model (P* against d: the analysis and that chart;
 * Plotter), then on choosing a width and the phase diagram's tab, against every chart at once (what
 * it built before, `buildPlot`; the JSON export still does). One run each, in turn.
 */
function chartPanel(): void {
  const acts = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
  const model = (L: number, uniform: boolean) => {
    const layers = [...Array.from({ length: L }, (_, i) => ({ type: 'dense', width: uniform ? 512 : 64 * (1 + ((7 + i * 13) % 64)), activation: uniform ? 'relu' : acts[i % 5] })), { type: 'readout' }];
    return readModels('m.json', JSON.stringify({ scalingModel: { name: 'deep', layers, data: { kind: 'gaussian', dim: 784 } } })).models[0];
  };
  const secs = (ms: number) => (ms < 1000 ? fmt(ms) : `${(ms / 1000).toFixed(1)} s`);
  console.log('\nthe chart panel on a deep model (one run each; the analysis included)');
  console.log(`  ${'model'.padEnd(30)} ${'every chart'.padStart(12)} ${'P* vs d'.padStart(10)} ${'+ a width'.padStart(10)} ${'+ phase'.padStart(10)} ${'ratio'.padStart(7)}`);
  for (const [L, uniform] of [[32, false], [32, true], [128, false]] as const) {
    const m = model(L, uniform);
    new Plotter(model(4, uniform)).along('N1'); // warm
    let t = performance.now();
    buildPlot(m);
    const whole = performance.now() - t;
    t = performance.now();
    const p = new Plotter(m);
    const first = performance.now() - t;
    t = performance.now();
    p.along(p.data.widths[0]);
    const width = performance.now() - t;
    t = performance.now();
    p.phase();
    const phase = performance.now() - t;
    const name = `${L} hidden layers, ${uniform ? 'one width' : 'mixed widths'}`;
    console.log(`  ${name.padEnd(30)} ${secs(whole).padStart(12)} ${secs(first).padStart(10)} ${secs(width).padStart(10)} ${secs(phase).padStart(10)} ${(whole / first).toFixed(0).padStart(6)}x`);
  }
}

/**
 * The phase diagram as the panel walks it, in steps between its other work (webview/main.ts). A step
 * stops between two pieces of a line, so it overruns its budget by a piece at most; before, it
 * stopped between lines, and a step lasted a line at least (the baseline: each line's time is the
 * sum of its pieces, all timed in the same walk, one piece a step).
 */
function phaseSteps(): void {
  console.log('\nthe phase diagram walked a piece at a time (one run each): a step lasts its budget and a piece more; it lasted a line more');
  console.log(`  ${'model'.padEnd(30)} ${'all lines'.padStart(10)} ${'pieces'.padStart(7)} ${'longest piece'.padStart(14)} ${'longest line'.padStart(13)} ${'ratio'.padStart(7)}`);
  const acts = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
  for (const [L, uniform] of [[64, true], [128, false], [128, true]] as const) {
    const layers = [...Array.from({ length: L }, (_, i) => ({ type: 'dense', width: uniform ? 512 : 64 * (1 + ((7 + i * 13) % 64)), activation: uniform ? 'relu' : acts[i % 5] })), { type: 'readout' }];
    const m = readModels('m.json', JSON.stringify({ scalingModel: { name: 'deep', layers, data: { kind: 'gaussian', dim: 784 } } })).models[0];
    const p = new Plotter(m, { phaseBudgetMs: -1, phaseInSteps: true });
    let shown = p.phase();
    let line = 0;
    let longestLine = 0;
    let longestPiece = 0;
    let pieces = 0;
    let all = 0;
    while (p.phasePending) {
      const t = performance.now();
      const c = p.phaseMore(-1);
      const ms = performance.now() - t;
      pieces++;
      all += ms;
      line += ms;
      longestPiece = Math.max(longestPiece, ms);
      if (c !== shown) {
        longestLine = Math.max(longestLine, line);
        line = 0;
        shown = c;
      }
    }
    const secs = (ms: number) => (ms < 1000 ? fmt(ms) : `${(ms / 1000).toFixed(1)} s`);
    const name = `${L} hidden layers, ${uniform ? 'one width' : 'mixed widths'}`;
    console.log(`  ${name.padEnd(30)} ${secs(all).padStart(10)} ${String(pieces).padStart(7)} ${secs(longestPiece).padStart(14)} ${secs(longestLine).padStart(13)} ${(longestLine / longestPiece).toFixed(0).padStart(6)}x`);
  }
}

main().then(() => {
  chartPanel();
  phaseSteps();
  process.exit(0);
}, (e) => { console.error(e); process.exit(1); });
