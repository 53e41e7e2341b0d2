// The worker protocol, its server and the client against real worker threads: cache, debounce,
// cancellation of stale requests, the time limit on a hung request, restart after a crash.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { AnalysisClient, timedOutWhere, type Outcome } from '../../src/worker/client';
import { createWorkerServer } from '../../src/worker/server';
import { parseRequest, parseResponse, type WorkerResponse } from '../../src/contract/worker';
import { nodeWorkerTransport } from '../../src/extension/nodeTransport';

const FAKE = path.join(__dirname, 'workerFake.js');
const REAL = path.join(__dirname, '..', '..', 'src', 'worker', 'nodeWorker.js');
const doc = (uri: string, version: number, text: string) => ({ uri, version, fileName: `${uri}.json`, text });
const fileOf = (o: Outcome) => (o.kind === 'result' ? o.result.file : o.kind);

describe('worker protocol', () => {
  it('accepts well-formed requests and refuses the rest', () => {
    assert.ok(parseRequest({ type: 'analyze', id: 1, uri: 'u', version: 2, fileName: 'a.json', text: '{}', inputs: { defaults: { degree: 3 } } }).ok);
    assert.ok(parseRequest({ type: 'cancel', id: 1 }).ok);
    for (const bad of [null, 3, [], { type: 'nope', id: 1 }, { type: 'cancel', id: -1 }, { type: 'ping', id: 1 },
      { type: 'analyze', id: 1, uri: 'u', version: 2, fileName: 'a.json', text: '', settings: {} },
      { type: 'analyze', id: 1, uri: 'u', version: 2, fileName: 'a.json', text: '', inputs: { override: { fileName: 'o.json' } } },
      { type: 'analyze', id: 1, uri: 'u', version: 2, fileName: 'a.json', text: '', inputs: { commandLine: { sizes: { d: -1 } } } },
      { type: 'analyze', id: 1, uri: 'u', version: 2, fileName: 'a.json', text: 5, inputs: {} },
      { type: 'analyze', id: 1, uri: 'u', version: 2, fileName: 'a.json', text: '', inputs: { defaults: { degree: 0 } } },
      { type: 'analyze', id: 1, uri: 'u', version: 2, fileName: 'a.json', text: '', inputs: { defaults: { readout: 'x' } } }]) {
      assert.equal(parseRequest(bad).ok, false, JSON.stringify(bad));
    }
  });
  it('checks that a result is a FileResult with the model descriptions it was read from', () => {
    const model = { name: 'm', data: { kind: 'gaussian', dim: 'd' }, target: { kind: 'single-index', degree: 3 }, parametrization: { readout: 'standard' }, layers: [{ type: 'dense', width: 'N' }, { type: 'readout' }] };
    const ok = { type: 'result', id: 1, uri: 'u', version: 1, ms: 1, result: { file: 'f', models: [], diagnostics: [] }, models: [model] };
    assert.ok(parseResponse(ok).ok);
    assert.equal(parseResponse({ ...ok, models: undefined }).ok, false);
    assert.equal(parseResponse({ ...ok, models: [{ ...model, layers: [{ width: 3 }] }] }).ok, false);
    assert.equal(parseResponse({ ...ok, models: [{ ...model, target: {} }] }).ok, false);
    assert.equal(parseResponse({ type: 'ready', id: 1, protocol: 1 }).ok, false, 'no ready message: worker and extension ship together');
    assert.equal(parseResponse({ ...ok, result: { file: 'f' } }).ok, false);
    assert.equal(parseResponse({ ...ok, result: { file: 'f', models: [{ name: 'x' }] } }).ok, false);
    assert.equal(parseResponse({ type: 'error', id: 1 }).ok, false);
  });
  it('checks the progress of a request: models done of models in all', () => {
    assert.ok(parseResponse({ type: 'progress', id: 1, done: 2, total: 3 }).ok);
    assert.ok(parseResponse({ type: 'progress', id: 1, done: 2, total: 3, stage: 'early' }).ok);
    assert.equal(parseResponse({ type: 'progress', id: 1, done: 2, total: 3, stage: 'late' }).ok, false);
    // An early result is checked as a result is.
    const early = { type: 'early', id: 1, uri: 'u', version: 1, ms: 3, result: { file: 'f', models: [] }, models: [] };
    assert.ok(parseResponse(early).ok);
    assert.equal(parseResponse({ ...early, result: { file: 'f' } }).ok, false);
    assert.equal(parseResponse({ ...early, uri: 7 }).ok, false);
    for (const bad of [{ done: 4, total: 3 }, { done: -1, total: 3 }, { done: 1.5, total: 3 }, { done: 1 }, { done: '1', total: 3 }]) {
      assert.equal(parseResponse({ type: 'progress', id: 1, ...bad }).ok, false, JSON.stringify(bad));
    }
  });
});

describe('worker server', () => {
  function harness() {
    const sent: WorkerResponse[] = [];
    const tasks: (() => void)[] = [];
    const server = createWorkerServer((m) => sent.push(m), (f) => ({ result: { file: f, models: [], diagnostics: [] }, models: [] }), (fn) => tasks.push(fn), () => 0);
    const run = () => { while (tasks.length) tasks.shift()!(); };
    return { sent, server, run };
  }
  const req = (id: number) => ({ type: 'analyze', id, uri: 'u', version: id, fileName: `f${id}`, text: '', inputs: {} });

  it('turns invalid requests into errors (pings too: there are none)', () => {
    const { sent, server } = harness();
    server.handle({ type: 'ping', id: 7 });
    server.handle({ type: 'analyze', id: 8 });
    server.handle('garbage');
    assert.deepEqual(sent.map((m) => m.type), ['error', 'error']);
  });
  it('reports each model done before the result', () => {
    const sent: WorkerResponse[] = [];
    const tasks: (() => void)[] = [];
    const server = createWorkerServer((m) => sent.push(m), (f, _t, _i, { onModel }) => {
      onModel?.(1, 2);
      onModel?.(2, 2);
      return { result: { file: f, models: [], diagnostics: [] }, models: [] };
    }, (fn) => tasks.push(fn), () => 0);
    server.handle(req(1));
    while (tasks.length) tasks.shift()!();
    assert.deepEqual(sent.map((m) => (m.type === 'progress' ? `progress:${m.id}:${m.done}/${m.total}` : `${m.type}:${m.id}`)), ['progress:1:1/2', 'progress:1:2/2', 'result:1']);
  });
  it('sends an early result, with its document and version, between the early and the full progress', () => {
    const sent: WorkerResponse[] = [];
    const tasks: (() => void)[] = [];
    const server = createWorkerServer((m) => sent.push(m), (f, _t, _i, { onModel, onEarly }) => {
      onModel?.(1, 1, 'early');
      onEarly?.({ file: `${f} early`, models: [], diagnostics: [] }, []);
      onModel?.(1, 1);
      return { result: { file: f, models: [], diagnostics: [] }, models: [] };
    }, (fn) => tasks.push(fn), () => 0);
    server.handle(req(4));
    while (tasks.length) tasks.shift()!();
    const line = (m: WorkerResponse) =>
      m.type === 'progress' ? `progress:${m.done}/${m.total}${m.stage ? ` ${m.stage}` : ''}` : m.type === 'early' || m.type === 'result' ? `${m.type}:${m.uri} v${m.version} ${m.result.file}` : m.type;
    assert.deepEqual(sent.map(line), ['progress:1/1 early', 'early:u v4 f4 early', 'progress:1/1', 'result:u v4 f4']);
    // What the server sends, the client's checks accept.
    for (const m of sent) assert.ok(parseResponse(structuredClone(m)).ok, JSON.stringify(m));
  });
  it('drops a request cancelled before it starts, and runs the others in order', () => {
    const { sent, server, run } = harness();
    server.handle(req(1)); server.handle(req(2)); server.handle(req(3));
    server.handle({ type: 'cancel', id: 2 });
    server.handle({ type: 'cancel', id: 99 }); // unknown: ignored
    run();
    assert.deepEqual(sent.map((m) => `${m.type}:${'id' in m ? m.id : ''}`), ['result:1', 'cancelled:2', 'result:3']);
  });
});

describe('worker client (real worker threads)', function () {
  this.timeout(20000);
  let client: AnalysisClient | undefined;
  afterEach(() => client?.dispose());
  const make = (timeoutMs = 5000) => (client = new AnalysisClient(() => nodeWorkerTransport(FAKE), { timeoutMs }));

  it('answers, then serves the same (uri, version, inputs) from its cache', async () => {
    const c = make();
    const a = await c.analyze(doc('a', 1, 'x'), {});
    assert.equal(fileOf(a), 'a.json#1');
    const b = await c.analyze(doc('a', 1, 'x'), {});
    assert.ok(b.kind === 'result' && b.fromCache);
    assert.equal(c.sent, 1);
    const d = await c.analyze(doc('a', 1, 'x'), { defaults: { degree: 4 } });
    assert.ok(d.kind === 'result' && !d.fromCache, 'other settings: analysed again');
    const e = await c.analyze(doc('a', 1, 'x'), { defaults: { degree: 4 }, override: { fileName: 'a.scaling.json', text: '{}' } });
    assert.ok(e.kind === 'result' && !e.fromCache, 'an override: analysed again');
    assert.equal(c.sent, 3);
  });

  it('cancels a stale request that is running, and discards its late answer', async () => {
    const c = make();
    const v1 = c.analyze(doc('a', 1, 'SLOW:300'), {});
    await new Promise((r) => setTimeout(r, 50)); // v1 is in the worker now
    const v2 = c.analyze(doc('a', 2, 'fast'), {});
    assert.equal((await v1).kind, 'cancelled');
    const r2 = await v2;
    assert.ok(r2.kind === 'result' && r2.version === 2);
    const again = await c.analyze(doc('a', 1, 'fast'), {});
    assert.ok(again.kind === 'result' && !again.fromCache, 'the stale answer was not cached');
  });

  it('does not let a stale request that keeps running delay the next version (issue 11, finding 8)', async () => {
    const c = make(5000);
    const v1 = c.analyze(doc('a', 1, 'SLOW:4000'), {});
    await new Promise((r) => setTimeout(r, 100)); // v1 is running in the worker
    const t0 = Date.now();
    const v2 = c.analyze(doc('a', 2, 'fast'), {});
    assert.equal((await v1).kind, 'cancelled');
    const r2 = await v2;
    assert.ok(r2.kind === 'result' && r2.version === 2);
    // (Whether the worker was replaced depends on whether v1 had started when v2 came: a v1 still
    // queued in the worker is dropped by the cancel. Either way v2 does not wait for v1.)
    assert.ok(Date.now() - t0 < 1500, `the new version waited ${Date.now() - t0} ms behind the stale one`);
  });

  it('answers the new version of a hung file without waiting for the time limit', async () => {
    const c = make(5000);
    const v1 = c.analyze(doc('a', 1, 'HANG'), {});
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const r2 = await c.analyze(doc('a', 2, 'fast'), {});
    assert.equal((await v1).kind, 'cancelled');
    assert.ok(r2.kind === 'result' && r2.version === 2);
    assert.ok(Date.now() - t0 < 1500, `answered after ${Date.now() - t0} ms`);
  });

  it('keeps the worker when a stale request ends within the grace', async () => {
    const c = make(5000);
    const v1 = c.analyze(doc('a', 1, 'SLOW:30'), {});
    await new Promise((r) => setTimeout(r, 10));
    const r2 = await c.analyze(doc('a', 2, 'fast'), {});
    assert.equal((await v1).kind, 'cancelled');
    assert.ok(r2.kind === 'result' && r2.version === 2);
    assert.equal(c.started, 1);
  });

  it('never sends a stale request that is still queued', async () => {
    const c = make();
    const a = c.analyze(doc('a', 1, 'SLOW:200'), {});
    const b1 = c.analyze(doc('b', 1, 'x'), {});
    const b2 = c.analyze(doc('b', 2, 'x'), {});
    assert.deepEqual((await Promise.all([a, b1, b2])).map((o) => o.kind), ['result', 'cancelled', 'result']);
    assert.equal(c.sent, 2);
  });

  it('debounces typing: only the last version is analysed', async () => {
    const c = make();
    const outs = [1, 2, 3].map((v) => c.analyze(doc('a', v, 'x'), {}, { debounceMs: 40 }));
    const done = await Promise.all(outs);
    assert.deepEqual(done.map((o) => o.kind), ['cancelled', 'cancelled', 'result']);
    assert.equal(c.sent, 1);
  });

  it('stops a hung analysis at the time limit and goes on with a new worker', async () => {
    const c = make(300);
    const t0 = Date.now();
    const hung = c.analyze(doc('a', 1, 'HANG'), {});
    const next = c.analyze(doc('b', 1, 'x'), {}); // queued behind the hung one
    const h = await hung;
    assert.equal(h.kind, 'timeout');
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(fileOf(await next), 'b.json#1', 'the new worker counts from 1');
    assert.equal(c.started, 2);
  });

  it('times each model of a file, not the whole file: four models of 300 ms each pass a limit of 500 ms', async () => {
    const c = make(500);
    const o = await c.analyze(doc('a', 1, 'MODELS:4:300'), {});
    assert.equal(fileOf(o), 'a.json#1');
    assert.equal(c.started, 1);
  });

  it('tells a watcher when the request reaches the worker (not while it waits) and after each model', async () => {
    const c = make();
    const seen: string[] = [];
    const watch = (who: string) => ({ started: () => seen.push(`${who} started`), progress: (d: number, t: number) => seen.push(`${who} ${d}/${t}`) });
    const first = c.analyze(doc('a', 1, 'MODELS:3:20'), {}, { debounceMs: 50, watch: watch('a') });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, [], 'debouncing: not sent yet');
    const shared = c.analyze(doc('a', 1, 'MODELS:3:20'), {}, { watch: watch('b') }); // the same version: shares the request
    assert.equal(fileOf(await first), fileOf(await shared));
    assert.deepEqual(seen, ['a started', 'b started', 'a 1/3', 'b 1/3', 'a 2/3', 'b 2/3', 'a 3/3', 'b 3/3']);
  });

  it('gives a watcher the early result before the answer; times each step; caches only the answer', async () => {
    // Three models of 300 ms, early and then in full: 1.8 s in all, each step under the 900 ms limit
    // (500 ms failed once on a loaded machine: a step of 300 ms there took more).
    const c = make(900);
    const seen: string[] = [];
    const o = await c.analyze(doc('a', 1, 'MODELS:3:300 EARLY'), {}, {
      watch: { progress: (d, t, stage) => seen.push(`${d}/${t}${stage ? ` ${stage}` : ''}`), early: (e) => seen.push(`early ${e.uri} v${e.version} ${e.result.file}`) },
    });
    assert.equal(fileOf(o), 'a.json#1');
    assert.deepEqual(seen, ['1/3 early', '2/3 early', '3/3 early', 'early a v1 a.json#1 early', '1/3', '2/3', '3/3']);
    const again = await c.analyze(doc('a', 1, 'MODELS:3:300 EARLY'), {});
    assert.ok(again.kind === 'result' && again.fromCache && again.result.file === 'a.json#1', 'the cache holds the answer, never the early result');
  });

  it('lets another document go ahead of a request\'s walks, then sends the request again; it gives way once', async () => {
    // a: three models of 200 ms, early then walked (1.2 s); b: plain. b arrives once a walks.
    const lines: string[] = [];
    const c = (client = new AnalysisClient(() => nodeWorkerTransport(FAKE), { timeoutMs: 5000, yieldAfterMs: 100, log: (l) => lines.push(l) }));
    const order: string[] = [];
    const early: string[] = [];
    const a = c.analyze(doc('a', 1, 'MODELS:3:200 EARLY'), {}, { watch: { early: (e) => { early.push(e.result.file); if (early.length === 1) void b(); } } });
    let bDone: Promise<Outcome> | undefined;
    const b = () => (bDone = c.analyze(doc('b', 1, 'x'), {}).then((o) => (order.push(`b ${fileOf(o)}`), o)));
    const oa = await a;
    order.push(`a ${fileOf(oa)}`);
    await bDone;
    // b on a new worker (its first request), before a; a sent again there, with its early result again.
    assert.deepEqual(order, ['b b.json#1', 'a a.json#2']);
    assert.deepEqual(early, ['a.json#1 early', 'a.json#2 early']);
    assert.equal(c.started, 2);
    assert.equal(c.sent, 3);
    assert.ok(lines.some((l) => /a v1 gives way to b while it walks/.test(l)), lines.join('\n'));
    // Two deep files: the first gives way to the second, which then walks to its end (the first,
    // having given way, does not take its turn back), then the first: one restart, both answered.
    const c2 = (client = new AnalysisClient(() => nodeWorkerTransport(FAKE), { timeoutMs: 5000, yieldAfterMs: 50 }));
    let d: Promise<Outcome> | undefined;
    const pc = c2.analyze(doc('c', 1, 'MODELS:2:150 EARLY'), {}, { watch: { early: () => (d ??= c2.analyze(doc('d', 1, 'MODELS:2:150 EARLY'), {})) } });
    const [oc, od] = [await pc, await (async () => { while (!d) await new Promise((r) => setTimeout(r, 10)); return d; })()];
    assert.equal(fileOf(od), 'd.json#1');
    assert.equal(fileOf(oc), 'c.json#2');
    assert.equal(c2.started, 2);
    c.dispose();
  });

  it('gives no early result of a request gone stale', async () => {
    const c = make();
    let early = 0;
    const v1 = c.analyze(doc('a', 1, 'MODELS:2:150 EARLY'), {}, { watch: { early: () => early++ } });
    await new Promise((r) => setTimeout(r, 50));
    const v2 = c.analyze(doc('a', 2, 'x'), {});
    assert.equal((await v1).kind, 'cancelled');
    assert.equal((await v2).kind, 'result');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(early, 0);
  });

  it('still stops a request that hangs after its models are done, and says where', async () => {
    const lines: string[] = [];
    const c = (client = new AnalysisClient(() => nodeWorkerTransport(FAKE), { timeoutMs: 400, log: (l) => lines.push(l) }));
    const t0 = Date.now();
    const o = await c.analyze(doc('a', 1, 'MODELS:2:100 HANG'), {});
    assert.deepEqual(o.kind === 'timeout' && [o.done, o.total], [2, 2]);
    assert.equal(timedOutWhere({ done: 2, total: 6 }), ' (model 3 of 6)');
    assert.equal(timedOutWhere({}), '', 'nothing reported: the file, or its first model');
    assert.ok(Date.now() - t0 < 2000);
    assert.ok(lines.some((l) => /v1 \(after its 2 models\) ran past 400 ms/.test(l)), lines.join('\n'));
  });

  it('restarts after a crash; the crashed request fails, the next succeeds', async () => {
    const c = make();
    const crashed = await c.analyze(doc('a', 1, 'CRASH'), {});
    assert.equal(crashed.kind, 'error');
    assert.match((crashed as { message: string }).message, /exit code 3/);
    assert.equal(fileOf(await c.analyze(doc('a', 2, 'x'), {})), 'a.json#1');
    assert.equal(c.started, 2);
  });

  it('reports an exception in the analysis as an error and keeps the worker', async () => {
    const c = make();
    const o = await c.analyze(doc('a', 1, 'THROW'), {});
    assert.ok(o.kind === 'error' && /boom/.test(o.message));
    assert.equal(fileOf(await c.analyze(doc('a', 2, 'x'), {})), 'a.json#2');
    assert.equal(c.started, 1);
  });

  it('resolves everything as cancelled on dispose', async () => {
    const c = make();
    const a = c.analyze(doc('a', 1, 'SLOW:200'), {});
    const b = c.analyze(doc('b', 1, 'x'), {}, { debounceMs: 1000 });
    c.dispose();
    assert.deepEqual((await Promise.all([a, b])).map((o) => o.kind), ['cancelled', 'cancelled']);
    assert.equal((await c.analyze(doc('c', 1, 'x'), {})).kind, 'cancelled');
  });

  it('runs the real analysis thread on an example', async () => {
    client = new AnalysisClient(() => nodeWorkerTransport(REAL), { timeoutMs: 10000 });
    const root = path.join(__dirname, '..', '..', '..');
    const file = path.join(root, 'examples', 'two-layer.json');
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '{ "scalingModel": { "name": "x", "layers": [] } }';
    const o = await client.analyze({ uri: 'file:///two-layer.json', version: 1, fileName: file, text }, { defaults: { degree: 5, readout: 'standard' } });
    assert.equal(o.kind, 'result', JSON.stringify(o));
    if (o.kind === 'result') {
      assert.deepEqual(o.models.map((m) => m.name), o.result.models.map((m) => m.name), 'the models read come with their results');
      assert.ok(o.models.length > 0);
      for (const m of o.models) assert.ok(m.layers.length > 0);
    }
  });
});
