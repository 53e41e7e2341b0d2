// The editor's side of the one road, run against the stand-in for `vscode` (vscodeStub.ts) and the
// real worker protocol in-process: settings read per folder with package.json's defaults, the chart
// fed from the result store (a setting and the override beside the file refresh it), reveal by the
// model's range, the workspace scan's cache keyed by content, command ids from one table.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationChange, installVscodeStub, reset, state, textDocument, calls, vscode } from './vscodeStub';
import { AnalysisClient, type WorkerTransport } from '../../src/worker/client';
import { createWorkerServer } from '../../src/worker/server';
import { readAndAnalyze } from '../../src/pipeline/document';
import { buildPlot } from '../../src/plot/index';
import type { ModelsMessage } from '../../src/contract/webview';
import type { ModelDescription } from '../../src/model/types';
import { ROOT } from './helpers';

installVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports */
const { readConfig, affects, ANALYSIS_SETTINGS, VIEW_SETTINGS, WORKER_SETTINGS } = require('../../src/extension/config') as typeof import('../../src/extension/config');
const { ResultStore } = require('../../src/extension/results') as typeof import('../../src/extension/results');
const { PlotHost } = require('../../src/extension/plot/host') as typeof import('../../src/extension/plot/host');
const { scanFile } = require('../../src/extension/workspaceScan') as typeof import('../../src/extension/workspaceScan');
const { COMMAND, PLOT_PANEL, PLOT_SIDE_VIEW, HAS_MODELS_CONTEXT } = require('../../src/extension/ids') as typeof import('../../src/extension/ids');
const { COMMANDS } = require('../../src/extension/commands') as typeof import('../../src/extension/commands');
const { BusyIndicator } = require('../../src/extension/busy') as typeof import('../../src/extension/busy');

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const flush = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** The worker's server and the real pipeline in this thread, behind the client's transport (messages cloned as a thread would). */
function inProcessWorker(): { client: AnalysisClient; requests: unknown[] } {
  const requests: unknown[] = [];
  const transport = (): WorkerTransport => {
    let deliver: (m: unknown) => void = () => undefined;
    const server = createWorkerServer((m) => setImmediate(() => deliver(structuredClone(m))), readAndAnalyze, (fn) => setImmediate(fn));
    return { postMessage: (m) => (requests.push(m), server.handle(structuredClone(m))), onMessage: (cb) => { deliver = cb; }, onExit: () => undefined, terminate: () => undefined };
  };
  return { client: new AnalysisClient(transport, { timeoutMs: 10000 }), requests };
}

/** The same, but each message of the worker arrives 350 ms after the one before. */
function slowWorker(): AnalysisClient {
  const transport = (): WorkerTransport => {
    let deliver: (m: unknown) => void = () => undefined;
    let at = 0;
    const server = createWorkerServer((m) => { at += 350; const copy = structuredClone(m); setTimeout(() => deliver(copy), at); }, readAndAnalyze, (fn) => setImmediate(fn));
    return { postMessage: (m) => server.handle(structuredClone(m)), onMessage: (cb) => { deliver = cb; }, onExit: () => undefined, terminate: () => undefined };
  };
  return new AnalysisClient(transport, { timeoutMs: 10000 });
}

function fakeWebview() {
  const posted: { type: string }[] = [];
  let receive: (m: unknown) => void = () => undefined;
  return {
    posted,
    models: () => posted.filter((m): m is ModelsMessage => m.type === 'models'),
    send: async (m: unknown) => { receive(m); await flush(); },
    webview: {
      onDidReceiveMessage: (cb: (m: unknown) => void) => { receive = cb; return { dispose: () => undefined }; },
      postMessage: async (m: { type: string }) => void posted.push(m),
    },
  };
}

/** A model that states neither its degree nor its readout: the settings decide them. */
const BARE = JSON.stringify({ scalingModel: { name: 'bare', layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }], sizes: { d: 100, N: 1000 } } }, null, 2);

describe('extension: settings per folder, defaults from package.json', () => {
  beforeEach(reset);

  it('reads each setting for the file it applies to, and takes its default from the manifest alone', () => {
    state.folderSettings.set('/w/a', { 'scalingLens.defaults.targetDegree': 5, 'scalingLens.hints.verbosity': 'detailed' });
    state.settings['scalingLens.defaults.readout'] = 'mean-field';
    const a = readConfig(vscode.Uri.parse('file:///w/a/m.json') as never);
    const b = readConfig(vscode.Uri.parse('file:///w/b/m.json') as never);
    assert.deepEqual([a.defaults, a.hints.verbosity], [{ degree: 5, readout: 'mean-field' }, 'detailed']);
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual([b.defaults, b.hints.verbosity], [{ degree: props['scalingLens.defaults.targetDegree'].default, readout: 'mean-field' }, props['scalingLens.hints.verbosity'].default]);
    assert.deepEqual(b.files.include, props['scalingLens.files.include'].default);
    state.settings['scalingLens.analysis.debounceMs'] = -4; // out of range: the manifest's default, not a second copy
    assert.equal(readConfig().debounceMs, props['scalingLens.analysis.debounceMs'].default);
  });

  it('declares every setting it reads per resource where a folder may set it, and names the settings a change is about', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;
    for (const k of [...ANALYSIS_SETTINGS, ...VIEW_SETTINGS, ...WORKER_SETTINGS]) assert.ok(props[`scalingLens.${k}`], k);
    for (const k of ['enable', 'hints.enabled', 'hints.verbosity', 'defaults.targetDegree', 'defaults.readout']) assert.equal(props[`scalingLens.${k}`].scope, 'resource', k);
    const e = configurationChange(['scalingLens.defaults.targetDegree'], '/w/a');
    assert.ok(affects(e as never, ANALYSIS_SETTINGS, vscode.Uri.parse('file:///w/a/m.json') as never));
    assert.ok(!affects(e as never, ANALYSIS_SETTINGS, vscode.Uri.parse('file:///w/b/m.json') as never), 'another folder: untouched');
    assert.ok(!affects(e as never, VIEW_SETTINGS));
  });

  it('sends each file to the worker with its own folder\'s settings', async () => {
    state.folderSettings.set('/w/a', { 'scalingLens.defaults.targetDegree': 5 });
    const { client, requests } = inProcessWorker();
    const store = new ResultStore(client, readConfig);
    const a = textDocument('file:///w/a/m.json', BARE);
    const b = textDocument('file:///w/b/m.json', BARE);
    state.textDocuments = [a, b];
    const [ra, rb] = [await store.refresh(a as never), await store.refresh(b as never)];
    assert.deepEqual(requests.map((r) => (r as { inputs: { defaults: { degree: number } } }).inputs.defaults.degree), [5, 3]);
    assert.deepEqual([ra!.models[0].target.degree, rb!.models[0].target.degree], [5, 3]);
    client.dispose();
  });
});

describe('extension: the chart draws from the result store', () => {
  beforeEach(() => {
    reset();
    state.settings['scalingLens.analysis.debounceMs'] = 0;
  });

  it('sends the models the worker read, again when a setting or the override beside the file changes', async () => {
    const { client } = inProcessWorker();
    const store = new ResultStore(client, readConfig);
    const doc = textDocument('file:///w/a/m.json', BARE);
    state.textDocuments = [doc];
    const w = fakeWebview();
    const host = new PlotHost(w.webview as never, store, false);
    host.show(doc as never, 'bare');
    await w.send({ type: 'ready' });
    await flush(50);
    // 1. the settings' default; 2. a folder setting (the extension refreshes the files it affects);
    // 3. an override beside the file (the watcher refreshes the file it overrides).
    state.folderSettings.set('/w/a', { 'scalingLens.defaults.targetDegree': 5 });
    await store.refresh(doc as never);
    await flush();
    state.stats.set('file:///w/a/m.scaling.json', { type: vscode.FileType.File, size: 60 });
    state.files.set('file:///w/a/m.scaling.json', '{"scalingModel": {"target": {"degree": 7}, "sizes": {"N": 10000}}}');
    await store.refresh(doc as never, { force: true });
    await flush();
    const sent = w.models();
    assert.deepEqual(sent.map((m) => m.models[0].target.degree), [3, 5, 7]);
    assert.equal(sent[0].model, 'bare', 'the model named once (the CodeLens)');
    assert.equal(sent[1].model, undefined, 'then the webview keeps its choice');
    assert.equal(sent[2].models[0].sizes?.N, 10000);
    // What the webview draws from them: P* follows (the status of degree 3 is the paper's).
    const charts = sent.map((m) => buildPlot(m.models[0] as ModelDescription));
    assert.deepEqual(charts.map((c) => c.pStar?.status), ['paper', 'derived', 'derived']);
    assert.notEqual(charts[2].pStar?.value, charts[1].pStar?.value);
    host.dispose();
    client.dispose();
  });

  it('says why there is nothing to draw when the file has no model', async () => {
    const { client } = inProcessWorker();
    const store = new ResultStore(client, readConfig);
    const doc = textDocument('file:///w/bad.json', '{"scalingModel": {"name": "x", "layers": [{"type": "dense", "width": -3}]}}');
    state.textDocuments = [doc];
    const w = fakeWebview();
    new PlotHost(w.webview as never, store, false).show(doc as never);
    await w.send({ type: 'ready' });
    await flush(50);
    const empty = w.posted.find((m) => m.type === 'empty') as { reason: string } | undefined;
    assert.match(empty?.reason ?? '', /width/);
    client.dispose();
  });

  it('reveals a model at its own range, not where its name first appears', async () => {
    const text = JSON.stringify({ models: [
      { scalingModel: { name: 'wide', description: 'the twin of narrow', layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }] } },
      { scalingModel: { name: 'narrow', layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }] } },
    ] }, null, 2);
    const { client } = inProcessWorker();
    const store = new ResultStore(client, readConfig);
    const doc = textDocument('file:///w/twins.json', text);
    state.textDocuments = [doc];
    await store.refresh(doc as never);
    const w = fakeWebview();
    const host = new PlotHost(w.webview as never, store, false);
    host.show(doc as never);
    await w.send({ type: 'reveal', uri: 'file:///w/twins.json', model: 'narrow' });
    const range = store.get(doc.uri as never)!.models.find((m) => m.name === 'narrow')!.range!;
    const at = (calls.showTextDocument[0] as [unknown, { selection: { start: { line: number } } }])[1].selection.start.line;
    assert.equal(at, range.start.line);
    assert.ok(at > text.slice(0, text.indexOf('narrow')).split('\n').length - 1, 'below the first mention of the name');
    client.dispose();
  });
});

describe('extension: the workspace scan', () => {
  beforeEach(reset);

  it('keys the worker\'s cache by content: another text of the same length is analysed again', async () => {
    const { client, requests } = inProcessWorker();
    const uri = vscode.Uri.parse('file:///w/m.json');
    const file = (name: string) => {
      const text = BARE.replace('"bare"', JSON.stringify(name));
      state.files.set('file:///w/m.json', text);
      state.stats.set('file:///w/m.json', { type: vscode.FileType.File, size: text.length });
      return text;
    };
    const a = file('aaaa');
    const first = await scanFile(client, readConfig, uri as never);
    const b = file('bbbb');
    assert.equal(a.length, b.length);
    const second = await scanFile(client, readConfig, uri as never);
    assert.deepEqual([first?.models[0].name, second?.models[0].name], ['aaaa', 'bbbb']);
    await scanFile(client, readConfig, uri as never);
    assert.equal(requests.length, 2, 'the same text again: from the cache');
    client.dispose();
  });

  it('reads a scanned file with the override beside it, as the editor does', async () => {
    const { client } = inProcessWorker();
    state.files.set('file:///w/m.json', BARE);
    state.stats.set('file:///w/m.json', { type: vscode.FileType.File, size: BARE.length });
    state.files.set('file:///w/m.scaling.json', '{"scalingModel": {"regime": {"N": "d"}}}');
    state.stats.set('file:///w/m.scaling.json', { type: vscode.FileType.File, size: 40 });
    const r = await scanFile(client, readConfig, vscode.Uri.parse('file:///w/m.json') as never);
    assert.deepEqual(r?.models[0].regime, { N: 'd' });
    client.dispose();
  });
});

describe('extension: ids from one table', () => {
  it('registers exactly the commands package.json contributes, and the views, context key and menus use the table', () => {
    const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(Object.values(COMMAND).sort(), contributed);
    assert.deepEqual(Object.keys(COMMANDS).sort(), contributed);
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${PLOT_PANEL}`));
    assert.equal(pkg.contributes.views.explorer[0].id, PLOT_SIDE_VIEW);
    assert.ok(JSON.stringify(pkg.contributes.menus).includes(HAS_MODELS_CONTEXT));
    // No provider spells an id itself.
    for (const f of ['providers/codeLens.ts', 'providers/statusBar.ts', 'providers/hover.ts', 'render/markdown.ts', 'plot/panel.ts', 'plot/sideView.ts', 'commands.ts']) {
      assert.doesNotMatch(readFileSync(join(ROOT, 'src', 'extension', f), 'utf8'), /'scalingLens\.[A-Za-z]+'/, f);
    }
  });
});

describe('extension: a spinner while the worker analyses a file for long', () => {
  beforeEach(() => {
    reset();
    state.settings['scalingLens.analysis.debounceMs'] = 0;
  });

  it('shows in the status bar after a moment, says how many models are done, and goes with the answer', async () => {
    const b = new BusyIndicator('deep.json', 30);
    b.started();
    assert.equal(calls.progress.length, 0, 'not at once');
    await flush(80);
    assert.equal(calls.progress.length, 1);
    const p = calls.progress[0];
    assert.deepEqual([p.location, p.title, p.reports], [vscode.ProgressLocation.Window, 'Scaling Lens', ['analysing deep.json']]);
    b.progress(1, 3);
    assert.equal(p.reports.at(-1), 'analysing deep.json (1 of 3 models done)');
    // A file with a deep model: the models' early results, then their walks.
    b.progress(2, 3, 'early');
    assert.equal(p.reports.at(-1), 'analysing deep.json (2 of 3 models)');
    b.early();
    assert.equal(p.reports.at(-1), 'walking the phase boundaries of deep.json (0 of 3 models done)');
    b.progress(1, 3);
    assert.equal(p.reports.at(-1), 'walking the phase boundaries of deep.json (1 of 3 models done)');
    b.end();
    await flush();
    assert.ok(p.ended);
    // An analysis that answers within the moment shows nothing.
    const quick = new BusyIndicator('quick.json', 30);
    quick.started();
    quick.end();
    await flush(80);
    assert.equal(calls.progress.length, 1);
  });

  it('the result store shows it for a file whose models take long in the worker, with the worker\'s progress', async function () {
    this.timeout(10000);
    // Progress 1 of 2, 2 of 2, then the result (past BUSY_AFTER_MS).
    const client = slowWorker();
    const store = new ResultStore(client, readConfig);
    const model = (name: string) => JSON.parse(BARE.replace('"bare"', `"${name}"`));
    const doc = textDocument('file:///w/two.json', JSON.stringify([model('a'), model('b')]));
    state.textDocuments = [doc];
    const r = await store.refresh(doc as never);
    assert.equal(r?.result.models.length, 2);
    assert.equal(calls.progress.length, 1);
    assert.deepEqual(calls.progress[0].reports, ['analysing two.json (1 of 2 models done)', 'analysing two.json (2 of 2 models done)']);
    await flush();
    assert.ok(calls.progress[0].ended);
    client.dispose();
  });

  it('shows the early result of a deep model while its boundaries are walked, then the whole one; the chart draws its models once', async function () {
    this.timeout(20000);
    // Each model's early result counted, the early result, each model done, the result.
    const client = slowWorker();
    const store = new ResultStore(client, readConfig);
    const deep = { scalingModel: { name: 'deep', layers: [...Array.from({ length: 16 }, (_, i) => ({ type: 'dense', width: 64 * (i + 1), activation: 'erf' })), { type: 'readout' }], data: { kind: 'gaussian', dim: 100 } } };
    const doc = textDocument('file:///w/two.json', JSON.stringify([deep, JSON.parse(BARE)]));
    state.textDocuments = [doc];
    const seen: string[] = [];
    store.onDidChange(() => {
      const r = store.get(doc.uri as never)!;
      seen.push(`${r.early ? 'early' : 'whole'}: ${r.result.models.map((m) => `${m.name} ${m.pending ?? 'done'} ${m.boundaries.length ? 'boundaries' : '-'}`).join(', ')}`);
    });
    const w = fakeWebview();
    const host = new PlotHost(w.webview as never, store, false);
    host.show(doc as never);
    await w.send({ type: 'ready' });
    const r = await store.refresh(doc as never);
    await flush();
    assert.equal(r?.early, undefined);
    assert.deepEqual(seen, ['early: deep boundaries -, bare boundaries -', 'whole: deep done boundaries, bare done boundaries']);
    assert.ok(r!.result.models[0].winnerRange?.length);
    assert.deepEqual(calls.progress[0].reports, [
      'analysing two.json (1 of 2 models)',
      'analysing two.json (2 of 2 models)',
      'walking the phase boundaries of two.json (0 of 2 models done)',
      'walking the phase boundaries of two.json (1 of 2 models done)',
      'walking the phase boundaries of two.json (2 of 2 models done)',
    ]);
    // The chart got the models with the early result, and not again with the whole one (the same models).
    assert.deepEqual(w.models().map((m) => m.models.map((x) => x.name)), [['deep', 'bare']]);
    host.dispose();
    client.dispose();
  });

  it('copies the whole result, waiting out an early one; the chart does not wait', async () => {
    const doc = textDocument('file:///w/deep.json', BARE);
    state.textDocuments = [doc];
    const early = { file: 'deep.json', models: [{ name: 'deep', pending: 'boundaries', layers: [], candidates: [], boundaries: [], notCovered: [], diagnostics: [] }] };
    const whole = { file: 'deep.json', models: [{ name: 'deep', layers: [], candidates: [], boundaries: [{ between: ['a', 'b'], where: 'N = d', along: 'N', at: 'N = d^1' }], notCovered: [], diagnostics: [] }] };
    const refreshed: string[] = [];
    const store = {
      get: () => ({ version: doc.version, early: true, result: early, models: [], ms: 1 }),
      refresh: async () => (refreshed.push('refresh'), { version: doc.version, result: whole, models: [], ms: 2 }),
    };
    const copied: string[] = [];
    const clipboard = vscode.env.clipboard as { writeText: (t: string) => Promise<void> };
    const was = clipboard.writeText;
    clipboard.writeText = async (t: string) => void copied.push(t);
    try {
      await COMMANDS[COMMAND.copyResultJson]({ store, config: readConfig } as never, doc.uri.toString());
      const json = JSON.parse(copied[0]) as { files: { models: { pending?: string; boundaries: unknown[] }[] }[] };
      assert.deepEqual(refreshed, ['refresh'], 'waited for the whole result');
      assert.equal(json.files[0].models[0].pending, undefined);
      assert.equal(json.files[0].models[0].boundaries.length, 1);
      // Showing the chart needs only the models: it takes the early result as it is.
      const shown: string[] = [];
      await COMMANDS[COMMAND.showPlot]({ store, config: readConfig, plot: { show: async (_d: unknown, m?: string) => void shown.push(m ?? '*') } } as never, doc.uri.toString());
      assert.deepEqual([refreshed.length, shown], [1, ['deep']]);
    } finally {
      clipboard.writeText = was;
    }
  });
});
