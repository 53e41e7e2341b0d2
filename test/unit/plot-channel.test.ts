// The chart panel's way to its plot session (webview/plotChannel.ts), bundled by esbuild as the
// webview is and run here against stand-ins for the browser's Worker, fetch and timers: the worker
// gets what was sent while it started; where none can start, or it fails, the same session answers
// on the panel's thread, from the last build on.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parseDocument } from '../../src/parse/index';
import type { FromPlotSession, ToPlotSession } from '../../src/plot/session';
import { ROOT } from './helpers';

type Open = (url: string | undefined, onReply: (m: FromPlotSession) => void, onMode: (mode: string) => void) => { send(m: ToPlotSession): void };

/** A stand-in Worker: records what it is sent; the test answers or fails for it. */
class FakeWorker {
  static made: FakeWorker[] = [];
  static fails = false;
  sent: ToPlotSession[] = [];
  terminated = false;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  constructor(readonly url: string) {
    if (FakeWorker.fails) throw new Error('refused by the content security policy');
    FakeWorker.made.push(this);
  }
  postMessage(m: ToPlotSession) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
}

describe('plot channel: the panel\'s way to its plot session', function () {
  this.timeout(30_000);
  const three = parseDocument('examples/three-layer.json', readFileSync(join(ROOT, 'examples/three-layer.json'), 'utf8')).models[0];
  let open: Open;
  const saved: Record<string, unknown> = {};
  const globals = {
    window: { setTimeout: (fn: () => void) => setTimeout(fn, 0) },
    fetch: async (url: string) => ({ text: async () => `/* the bundle at ${url} */` }),
    Worker: FakeWorker,
    URL: { createObjectURL: () => 'blob:plot-worker', revokeObjectURL: () => undefined },
    Blob: class {
      constructor(readonly parts: unknown[]) {}
    },
  };
  const settle = () => new Promise((r) => setTimeout(r, 20));
  /**
   * Until a session on this thread has answered (it builds a plot between timer ticks): a fixed 20 ms
   * failed on a loaded machine (a clean-clone run beside other jobs), not the channel.
   */
  const answered = async (replies: unknown[], n: number) => {
    for (let t = 0; replies.length < n && t < 500; t++) await settle();
  };

  before(async () => {
    const r = await esbuild.build({ absWorkingDir: ROOT, entryPoints: ['webview/plotChannel.ts'], bundle: true, write: false, format: 'cjs', platform: 'neutral', logLevel: 'silent' });
    const mod = { exports: {} as { openPlotChannel: Open } };
    new Function('module', 'exports', r.outputFiles[0].text)(mod, mod.exports);
    open = mod.exports.openPlotChannel;
    for (const [k, v] of Object.entries(globals)) {
      saved[k] = (globalThis as Record<string, unknown>)[k];
      Object.defineProperty(globalThis, k, { value: v, configurable: true, writable: true });
    }
  });
  after(() => {
    for (const [k, v] of Object.entries(saved)) Object.defineProperty(globalThis, k, { value: v, configurable: true, writable: true });
  });
  beforeEach(() => {
    FakeWorker.made = [];
    FakeWorker.fails = false;
  });

  const build = (seq: number): ToPlotSession => ({ type: 'build', seq, model: three, tab: 'pstar-d' });

  it('starts a worker from a blob of the fetched bundle and gives it what was sent meanwhile, from the last build on', async () => {
    const modes: string[] = [];
    const replies: FromPlotSession[] = [];
    const ch = open('https://webview/dist/plotWorker.js', (m) => replies.push(m), (m) => modes.push(m));
    ch.send(build(1));
    ch.send(build(2));
    ch.send({ type: 'show', seq: 2, tab: 'phase' });
    await settle();
    assert.deepEqual(modes, ['starting', 'thread']);
    const [w] = FakeWorker.made;
    assert.equal(w.url, 'blob:plot-worker');
    assert.deepEqual(w.sent.map((m) => [m.type, m.seq]), [['build', 2], ['show', 2]]);
    ch.send({ type: 'show', seq: 2, tab: 'scales' });
    assert.equal(w.sent.length, 3, 'sent at once once started');
    w.onmessage!({ data: { type: 'all', seq: 2, data: {} } });
    assert.deepEqual(replies.map((m) => m.type), ['all']);
    // The worker stops later (the session answers its own failures; this is the worker's): the
    // session on this thread takes over from the last build, which it answers with what shows.
    w.onerror!({ message: 'out of memory', preventDefault() {} });
    await answered(replies, 4);
    assert.equal(w.terminated, true);
    assert.deepEqual(modes, ['starting', 'thread', 'page']);
    assert.deepEqual(replies.slice(1).map((m) => (m.type === 'plot' ? [m.seq, m.key] : m.type)), [[2, 'pstar-d'], [2, 'phase'], [2, 'scales|N1']]);
  });

  it('builds on the panel\'s thread where no worker can start, from the last build on', async () => {
    FakeWorker.fails = true;
    const modes: string[] = [];
    const replies: FromPlotSession[] = [];
    const ch = open('https://webview/dist/plotWorker.js', (m) => replies.push(m), (m) => modes.push(m));
    ch.send(build(1));
    ch.send(build(2));
    await answered(replies, 1);
    assert.deepEqual(modes, ['starting', 'page']);
    assert.deepEqual(replies.map((m) => [m.type, m.seq]), [['plot', 2]]);
    const m = replies[0];
    assert.ok(m.type === 'plot' && m.chart?.kind === 'pstar-d');
    // And goes on there.
    ch.send({ type: 'show', seq: 2, tab: 'pstar-width', along: 'N2' });
    await answered(replies, 2);
    assert.deepEqual(replies.map((r) => (r.type === 'plot' ? r.key : r.type)), ['pstar-d', 'pstar-width|N2']);
    // Without a worker URL (or a Worker), the same from the start.
    const none: string[] = [];
    open(undefined, () => undefined, (x) => none.push(x));
    await settle();
    assert.deepEqual(none, ['starting', 'page']);
  });

  it('moves to the panel\'s thread when the worker fails before its first answer, from the last build on', async () => {
    const modes: string[] = [];
    const replies: FromPlotSession[] = [];
    const ch = open('https://webview/dist/plotWorker.js', (m) => replies.push(m), (m) => modes.push(m));
    await settle();
    const [w] = FakeWorker.made;
    ch.send(build(7));
    ch.send({ type: 'show', seq: 7, tab: 'scales', along: 'N1' });
    w.onerror!({ message: 'the script did not load', preventDefault() {} });
    await answered(replies, 2);
    assert.equal(w.terminated, true);
    assert.deepEqual(modes, ['starting', 'thread', 'page']);
    assert.deepEqual(replies.map((r) => (r.type === 'plot' ? [r.seq, r.key] : r.type)), [[7, 'pstar-d'], [7, 'scales|N1']]);
  });
});
