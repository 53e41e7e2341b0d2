// Every command of the extension, registered from one table keyed by the ids of ids.ts.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ResultStore } from './results';
import type { AnalysisClient } from '../worker/client';
import type { FileResult } from '../contract/result';
import { setHintsEnabled, type ConfigFor } from './config';
import { fileMarkdown, workspaceMarkdown } from './render/markdown';
import { monomialText } from '../report/format';
import type { ReportDocuments } from './reports';
import { e2e } from './log';
import { targetDocument } from './documents';
import { modelOnLine } from './modelAt';
import { COMMAND, type CommandId } from './ids';
import { filesToScan, scanFile } from './workspaceScan';
import { checkByExperiment, exportExperimentScript, loadExperimentResults, type ExperimentContext } from './experiment/commands';

export interface CommandContext {
  store: ResultStore;
  client: AnalysisClient;
  reports: ReportDocuments;
  config: ConfigFor;
  /** The chart panel (src/extension/plot); without it, showPlot opens the Markdown report. */
  plot?: { show(doc: vscode.TextDocument, model?: string): Promise<void> } & Partial<Pick<NonNullable<ExperimentContext['plot']>, 'experiment'>>;
  /** The extension's version (named in experiment results). */
  version?: string;
}

const experimentContext = (ctx: CommandContext): ExperimentContext => ({
  store: ctx.store,
  version: ctx.version ?? '0.0.0-dev',
  plot: ctx.plot?.experiment ? (ctx.plot as ExperimentContext['plot']) : undefined,
});

type Handler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/**
 * The stored result of the document (analysed now if there is none for its version). `whole`: not
 * an early one (a deep network whose boundaries are still walked): what is copied waits for them.
 */
async function resultFor(ctx: CommandContext, arg: unknown, whole = false): Promise<{ doc: vscode.TextDocument; result: FileResult } | undefined> {
  const doc = await targetDocument(arg);
  if (!doc) { void vscode.window.showWarningMessage('Scaling Lens: open a file with a model first.'); return undefined; }
  const have = ctx.store.get(doc.uri);
  const stored = have?.version === doc.version && !(whole && have.early) ? have : await ctx.store.refresh(doc);
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

export const COMMANDS: Record<CommandId, Handler> = {
  [COMMAND.analyzeFile]: async (ctx, arg) => {
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

  [COMMAND.analyzeWorkspace]: async (ctx) => {
    const results = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: 'Scaling Lens: analysing the workspace', cancellable: true,
    }, async (progress, token) => {
      const uris = await filesToScan(ctx.config, token);
      const out: FileResult[] = [];
      let done = 0;
      for (const uri of uris) {
        if (token.isCancellationRequested) break;
        done++;
        progress.report({ message: `${done}/${uris.length} ${vscode.workspace.asRelativePath(uri, false)}`, increment: 100 / Math.max(uris.length, 1) });
        const r = await scanFile(ctx.client, ctx.config, uri);
        if (r) out.push(r);
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
  [COMMAND.showPlot]: async (ctx, uriArg, modelArg) => {
    const r = await resultFor(ctx, uriArg);
    if (!r) return;
    const editorLine = vscode.window.activeTextEditor?.document === r.doc ? vscode.window.activeTextEditor.selection.active.line : undefined;
    // the model given, else the one under the cursor, else the only one; with several and none chosen, all
    const model = typeof modelArg === 'string' && r.result.models.some((m) => m.name === modelArg) ? modelArg
      : (editorLine !== undefined ? modelOnLine(r.result, editorLine)?.name : undefined)
        ?? (r.result.models.length === 1 ? r.result.models[0].name : undefined);
    if (ctx.plot) await ctx.plot.show(r.doc, model);
    else await ctx.reports.show(`${path.basename(r.doc.fileName).replace(/\.[^.]+$/, '')}${model ? `-${model}` : ''}-scaling`, fileMarkdown(r.result, { model }));
    e2e(`command showPlot ${path.basename(r.doc.fileName)} model=${model ?? '*'}`);
  },

  [COMMAND.toggleHints]: async (ctx) => {
    const on = !ctx.config(vscode.window.activeTextEditor?.document.uri).hints.enabled;
    await setHintsEnabled(on);
    void vscode.window.showInformationMessage(`Scaling Lens: inlay hints ${on ? 'on' : 'off'}.`);
    e2e(`command toggleHints ${on ? 'on' : 'off'}`);
  },

  [COMMAND.copyResultJson]: async (ctx, arg) => {
    const r = await resultFor(ctx, arg, true);
    if (r) await copy(JSON.stringify({ files: [r.result] }, null, 2) + '\n', 'JSON');
  },

  [COMMAND.copyResultMarkdown]: async (ctx, arg) => {
    const r = await resultFor(ctx, arg, true);
    if (r) await copy(fileMarkdown(r.result), 'Markdown');
  },

  // Experiments (src/extension/experiment): arguments (uri, model, mode) let tests and other
  // extensions skip the questions.
  [COMMAND.checkByExperiment]: (ctx, uri, model, mode) => checkByExperiment(experimentContext(ctx), uri, model, mode),
  [COMMAND.exportExperimentScript]: (ctx, uri, model) => exportExperimentScript(experimentContext(ctx), uri, model),
  [COMMAND.loadExperimentResults]: (ctx, file, uri) => loadExperimentResults(experimentContext(ctx), file, uri),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) => vscode.commands.registerCommand(id, (...args: unknown[]) => handler(ctx, ...args)));
}

