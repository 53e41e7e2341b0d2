// Every command of the extension, registered from one table.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ResultStore } from './results';
import type { AnalysisClient } from '../worker/client';
import type { FileResult } from '../report/result';
import { setHintsEnabled, type Config } from './config';
import { fileMarkdown, workspaceMarkdown } from './render/markdown';
import { monomialText } from '../report/format';
import { mayHoldModel, pathSelected } from './select';
import type { ReportDocuments } from './reports';
import { e2e, log } from './log';
import { readTextFile, type FileRead } from './files';
import { checkByExperiment, exportExperimentScript, loadExperimentResults, type ExperimentContext } from './experiment/commands';

export interface CommandContext {
  store: ResultStore;
  client: AnalysisClient;
  reports: ReportDocuments;
  config: () => Config;
  /** The chart panel (src/extension/plot); without it, showPlot opens the Markdown report. */
  plot?: { show(doc: vscode.TextDocument, model?: string): Promise<void> } & Partial<Pick<NonNullable<ExperimentContext['plot']>, 'experiment'>>;
  /** The extension's version (named in experiment results). */
  version?: string;
}

const experimentContext = (ctx: CommandContext): ExperimentContext => ({
  config: ctx.config,
  version: ctx.version ?? '0.0.0-dev',
  plot: ctx.plot?.experiment ? (ctx.plot as ExperimentContext['plot']) : undefined,
});

type Handler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/**
 * The document a command is about: an explicit uri argument, else the active editor's. A uri
 * argument (from a CodeLens, the status bar or a hover link) must name a document already open: a
 * command never opens what an argument names.
 */
async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (typeof arg === 'string' || arg instanceof vscode.Uri) {
    const uri = typeof arg === 'string' ? arg : arg.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (!doc) log(`command: ignored a document that is not open: ${uri.slice(0, 200)}`);
    return doc;
  }
  return vscode.window.activeTextEditor?.document;
}

async function resultFor(ctx: CommandContext, arg: unknown): Promise<{ doc: vscode.TextDocument; result: FileResult } | undefined> {
  const doc = await targetDocument(arg);
  if (!doc) { void vscode.window.showWarningMessage('Scaling Lens: open a file with a model first.'); return undefined; }
  const stored = ctx.store.get(doc.uri)?.version === doc.version ? ctx.store.get(doc.uri) : await ctx.store.refresh(doc);
  if (!stored) { void vscode.window.showWarningMessage(`Scaling Lens: no model in ${path.basename(doc.fileName)}.`); return undefined; }
  return { doc, result: { ...stored.result, file: vscode.workspace.asRelativePath(doc.uri, false) } };
}

async function copy(text: string, what: string): Promise<void> {
  try {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`Scaling Lens: copied the result as ${what} (${text.length} characters).`);
    e2e(`copied ${what} ${text.length}`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Scaling Lens: could not copy: ${String(err)}`);
  }
}

export const COMMANDS: Record<string, Handler> = {
  'scalingLens.analyzeFile': async (ctx, arg) => {
    const doc = await targetDocument(arg);
    if (!doc) { void vscode.window.showWarningMessage('Scaling Lens: no active file.'); return; }
    const stored = await ctx.store.refresh(doc, { force: true });
    const name = path.basename(doc.fileName);
    if (!stored) { void vscode.window.showInformationMessage(`Scaling Lens: no model in ${name}.`); return; }
    const models = stored.result.models;
    const first = models[0]?.pStar ? `: ${models[0].name} P* ∝ ${monomialText(models[0].pStar)}` : '';
    const msg = `Scaling Lens: ${models.length} model(s) in ${name}${first}`;
    void vscode.window.showInformationMessage(msg);
    e2e(`command analyzeFile ${name} models=${models.length}`);
    return stored.result;
  },

  'scalingLens.analyzeWorkspace': async (ctx) => {
    const cfg = ctx.config();
    // ripgrep refuses nested {…} groups: one search per include glob, excludes joined only when flat
    const flat = cfg.files.exclude.every((g) => !/[{}]/.test(g));
    const exclude = cfg.files.exclude.length && flat ? `{${cfg.files.exclude.join(',')}}` : undefined;
    const results = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: 'Scaling Lens: analysing the workspace', cancellable: true,
    }, async (progress, token) => {
      const found = new Map<string, vscode.Uri>();
      for (const include of cfg.files.include) {
        for (const uri of await vscode.workspace.findFiles(include, exclude, 5000, token)) found.set(uri.toString(), uri);
      }
      const uris = [...found.values()].filter((u) => pathSelected(vscode.workspace.asRelativePath(u, false), cfg.files.include, cfg.files.exclude));
      const out: FileResult[] = [];
      let done = 0;
      for (const uri of uris) {
        if (token.isCancellationRequested) break;
        done++;
        progress.report({ message: `${done}/${uris.length} ${vscode.workspace.asRelativePath(uri, false)}`, increment: 100 / Math.max(uris.length, 1) });
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const read: FileRead = open ? { text: open.getText() } : await readTextFile(uri);
        if (!('text' in read)) {
          log(`workspace: ${uri.toString()}: skipped: ${read.skipped}`);
          continue;
        }
        const text = read.text;
        const lang = /\.jsonc?$/i.test(uri.path) ? 'json' : 'typescript';
        if (!mayHoldModel(lang, uri.path, text)) continue;
        // a key of its own, so that a scan never cancels (or is cancelled by) the editor's requests
        const o = await ctx.client.analyze({ uri: `${uri.toString()}#workspace`, version: text.length, fileName: uri.fsPath || uri.path, text }, cfg.defaults);
        if (o.kind === 'result') out.push({ ...o.result, file: vscode.workspace.asRelativePath(uri, false) });
        else if (o.kind !== 'cancelled') log(`workspace: ${uri.toString()}: ${o.kind}`);
      }
      return token.isCancellationRequested ? undefined : out;
    });
    if (!results) { void vscode.window.showInformationMessage('Scaling Lens: workspace analysis cancelled.'); return; }
    results.sort((a, b) => a.file.localeCompare(b.file));
    const models = results.reduce((n, f) => n + f.models.length, 0);
    await ctx.reports.show('workspace-report', workspaceMarkdown(results), false);
    void vscode.window.showInformationMessage(`Scaling Lens: ${models} model(s) in ${results.length} file(s).`);
    e2e(`command analyzeWorkspace files=${results.length} models=${models}`);
    return results;
  },

  // The chart panel for the model given (CodeLens), else the one under the cursor, else the only one.
  'scalingLens.showPlot': async (ctx, uriArg, modelArg) => {
    const r = await resultFor(ctx, uriArg);
    if (!r) return;
    const editorLine = vscode.window.activeTextEditor?.document === r.doc ? vscode.window.activeTextEditor.selection.active.line : undefined;
    // the model given, else the one under the cursor, else the only one; with several and none chosen, all
    const model = typeof modelArg === 'string' && r.result.models.some((m) => m.name === modelArg) ? modelArg
      : r.result.models.find((m) => m.range && editorLine !== undefined && m.range.start.line <= editorLine && editorLine <= m.range.end.line)?.name
        ?? (r.result.models.length === 1 ? r.result.models[0].name : undefined);
    if (ctx.plot) await ctx.plot.show(r.doc, model);
    else await ctx.reports.show(`${path.basename(r.doc.fileName).replace(/\.[^.]+$/, '')}${model ? `-${model}` : ''}-scaling`, fileMarkdown(r.result, { model }));
    e2e(`command showPlot ${path.basename(r.doc.fileName)} model=${model ?? '*'}`);
  },

  'scalingLens.toggleHints': async (ctx) => {
    const on = !ctx.config().hints.enabled;
    await setHintsEnabled(on);
    void vscode.window.showInformationMessage(`Scaling Lens: inlay hints ${on ? 'on' : 'off'}.`);
    e2e(`command toggleHints ${on ? 'on' : 'off'}`);
  },

  'scalingLens.copyResultJson': async (ctx, arg) => {
    const r = await resultFor(ctx, arg);
    if (r) await copy(JSON.stringify({ files: [r.result] }, null, 2) + '\n', 'JSON');
  },

  'scalingLens.copyResultMarkdown': async (ctx, arg) => {
    const r = await resultFor(ctx, arg);
    if (r) await copy(fileMarkdown(r.result), 'Markdown');
  },

  // Experiments (src/extension/experiment): arguments (uri, model, mode) let tests and other
  // extensions skip the questions.
  'scalingLens.checkByExperiment': (ctx, uri, model, mode) => checkByExperiment(experimentContext(ctx), uri, model, mode),
  'scalingLens.exportExperimentScript': (ctx, uri, model) => exportExperimentScript(experimentContext(ctx), uri, model),
  'scalingLens.loadExperimentResults': (ctx, file, uri) => loadExperimentResults(experimentContext(ctx), file, uri),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) => vscode.commands.registerCommand(id, (...args: unknown[]) => handler(ctx, ...args)));
}

