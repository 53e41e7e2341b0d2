// Issue 11 in the extension's own code, run against a stand-in for `vscode` (vscodeStub.ts): the
// plot webview acts on its own file only, the CSP nonce is random, the hover can run no command
// but the plot with arguments we wrote, commands never open what an argument names, and an
// override that is a FIFO, a device or too large is not read.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { installVscodeStub, calls, reset, state, textDocument, vscode, type MarkdownString } from './vscodeStub';
import { analyzeDocument, readAndAnalyze } from '../../src/pipeline/document';
import { LIMITS } from '../../src/parse/limits';
import { ROOT } from './helpers';

installVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports */
const { PlotHost } = require('../../src/extension/plot/host') as typeof import('../../src/extension/plot/host');
const { nonce, plotHtml } = require('../../src/extension/plot/html') as typeof import('../../src/extension/plot/html');
const { ScalingHover } = require('../../src/extension/providers/hover') as typeof import('../../src/extension/providers/hover');
const { COMMANDS } = require('../../src/extension/commands') as typeof import('../../src/extension/commands');
const { readOverrideFor } = require('../../src/extension/files') as typeof import('../../src/extension/files');
const { ResultStore } = require('../../src/extension/results') as typeof import('../../src/extension/results');

const config = () => ({ enable: true, hints: { enabled: true, verbosity: 'normal' as const }, defaults: {}, files: { include: [], exclude: [] }, debounceMs: 0, timeoutMs: 1000 });
const flush = () => new Promise((r) => setTimeout(r, 10));

/** A result store that holds one document's analysis, as the worker answers it. */
function storeOf(text: string, fileName = 'two-layer.json') {
  const { result, models } = readAndAnalyze(fileName, text);
  const stored = { version: 1, result, models, ms: 0 };
  return { get: () => stored, current: async () => stored, eligible: () => true, onDidChange: () => ({ dispose: () => undefined }) };
}

function fakeWebview() {
  const posted: unknown[] = [];
  let receive: (m: unknown) => void = () => undefined;
  return {
    posted,
    send: async (m: unknown) => {
      receive(m);
      await flush();
    },
    webview: {
      onDidReceiveMessage: (cb: (m: unknown) => void) => {
        receive = cb;
        return { dispose: () => undefined };
      },
      postMessage: async (m: unknown) => void posted.push(m),
      asWebviewUri: (u: unknown) => u,
      cspSource: 'vscode-resource:',
    },
  };
}

describe('extension: hostile input (issue 11)', () => {
  beforeEach(reset);

  describe('finding 10: the plot webview acts on its own file only', () => {
    const own = 'file:///w/two-layer.json';
    const other = 'file:///etc/other.json';
    const text = readFileSync(join(ROOT, 'examples', 'two-layer.json'), 'utf8');

    it('refuses writeSizes and reveal for another uri, and does them for its own', async () => {
      const doc = textDocument(own, text);
      state.textDocuments = [doc, textDocument(other, text)];
      const w = fakeWebview();
      const host = new PlotHost(w.webview as never, storeOf(text) as never, false);
      host.show(doc as never);
      await w.send({ type: 'writeSizes', uri: other, model: 'two-layer-erf', sizes: { d: 10, N: 20 } });
      await w.send({ type: 'reveal', uri: other, model: 'two-layer-erf' });
      assert.equal(calls.applyEdit.length, 0, 'wrote to another file');
      assert.equal(calls.showTextDocument.length, 0, 'revealed another file');
      assert.equal(calls.openTextDocument.length, 0);
      assert.ok(w.posted.some((m) => (m as { level?: string }).level === 'error'), 'said why');
      await w.send({ type: 'writeSizes', uri: own, model: 'two-layer-erf', sizes: { d: 10, N: 20 } });
      await w.send({ type: 'reveal', uri: own, model: 'two-layer-erf' });
      assert.equal(calls.applyEdit.length, 1);
      assert.equal(String(calls.applyEdit[0].edits[0].uri), own);
      assert.equal(calls.showTextDocument.length, 1);
      host.dispose();
    });

    it('takes the CSP nonce from the operating system, not Math.random', () => {
      const random = Math.random;
      Math.random = () => 0.5;
      try {
        const a = nonce();
        const b = nonce();
        assert.notEqual(a, b);
        assert.match(a, /^[A-Za-z0-9+/]{22}==$/, '128 bits, base64');
        const html = plotHtml({ asWebviewUri: (u: unknown) => u, cspSource: 'x' } as never, vscode.Uri.file('/ext') as never, 'panel');
        const n = /'nonce-([^']+)'/.exec(html)![1];
        assert.ok(html.includes(`<script nonce="${n}"`));
      } finally {
        Math.random = random;
      }
    });
  });

  describe('finding 5: the hover runs no command a file chose', () => {
    it('escapes the file, allows showPlot only, and the one link is ours with our arguments', () => {
      const evil = '`](command:scalingLens.showPlot?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D) ![x](https://example.invalid/i.png)';
      const text = `{"scalingModel": {"name": ${JSON.stringify(evil)}, "layers": [{"type": "dense", "width": "N", "activation": "erf"}, {"type": "readout"}]}}`;
      const uri = 'file:///w/evil.json';
      const doc = textDocument(uri, text);
      state.textDocuments = [doc];
      const result = analyzeDocument('evil.json', text);
      const store = { get: () => ({ version: 1, result, ms: 0 }) };
      const hover = new ScalingHover(store as never, config as never).provideHover(doc as never, new vscode.Position(0, 0) as never);
      assert.ok(hover);
      const md = (hover as unknown as { contents: MarkdownString }).contents;
      assert.deepEqual(md.isTrusted, { enabledCommands: ['scalingLens.showPlot'] });
      assert.notEqual(md.supportHtml, true);
      const html = marked.parse(md.value, { async: false, gfm: true }) as string;
      const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
      assert.equal(links.length, 1, html);
      assert.doesNotMatch(html, /<img/);
      const args = JSON.parse(decodeURIComponent(links[0].replace(/^command:scalingLens\.showPlot\?/, '').replace(/&amp;/g, '&')));
      assert.deepEqual(args, [uri, evil]);
    });

    it('showPlot never opens a document an argument names', async () => {
      const ctx = { store: { get: () => undefined, refresh: async () => undefined }, reports: { show: async () => undefined }, config, plot: { show: async () => undefined } };
      await COMMANDS['scalingLens.showPlot'](ctx as never, 'file:///etc/passwd', 'x');
      assert.deepEqual(calls.openTextDocument, []);
    });
  });

  describe('finding 2: a document over the size limit', () => {
    it('is answered with the limit, without sending its text to the worker', async () => {
      const sent: unknown[] = [];
      const client = { analyze: async (d: unknown) => (sent.push(d), { kind: 'cancelled' }), invalidate: () => undefined, cancel: () => undefined };
      const cfg = () => ({ ...config(), files: { include: ['**/*.json'], exclude: [] } });
      const store = new ResultStore(client as never, cfg as never);
      const doc = textDocument('file:///w/big.json', '{"scalingModel": {}, "data": "' + 'x'.repeat(LIMITS.maxTextLength) + '"}');
      const stored = await store.refresh(doc as never);
      assert.deepEqual(sent, []);
      assert.equal(stored?.result.diagnostics?.[0].code, 'file-too-large');
    });
  });

  describe('finding 3: the override beside a file in the editor', () => {
    const base = 'file:///w/model.json';
    const over = 'file:///w/model.scaling.json';
    it('is not read when it is a FIFO, a device or over the size limit', async () => {
      const doc = textDocument(base, '{}');
      for (const st of [{ type: vscode.FileType.Unknown, size: 0 }, { type: vscode.FileType.Unknown | vscode.FileType.SymbolicLink, size: 0 }, { type: vscode.FileType.File, size: LIMITS.maxTextLength + 1 }]) {
        reset();
        state.stats.set(over, st);
        assert.equal(await readOverrideFor(doc.uri as never), undefined);
        assert.deepEqual(calls.readFile, [], JSON.stringify(st));
      }
      reset();
      state.stats.set(over, { type: vscode.FileType.File, size: 30 });
      state.files.set(over, '{"scalingModel": {}}');
      assert.equal((await readOverrideFor(doc.uri as never))?.text, '{"scalingModel": {}}');
    });
  });
});
