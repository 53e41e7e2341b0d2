// "Check Prediction by Experiment", "Export Experiment Script", "Load Experiment Results".
// Planning and every run happen in worker threads (src/experiment/run/runner.ts), for the models of
// the result store (what the worker read, with the override and the settings applied); this file
// only asks the user, shows progress with cancellation, draws results as they come, and saves them
// beside the model file.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { exportScript } from '../../experiment/run/exportScript';
import type { PlanAnswer, PlanRequest } from '../../experiment/run/fromModels';
import { machineName, planInWorker, runExperiment } from '../../experiment/run/runner';
import type { Mode } from '../../experiment/run/plan';
import type { ExperimentPlan, ExperimentResults } from '../../experiment/types';
import { resultsFileName } from '../../experiment/results';
import { fileStem } from '../../model/names';
import { predictedText } from '../../experiment/compare';
import type { ResultStore } from '../results';
import { targetDocument } from '../documents';
import { e2e, log } from '../log';
import { readResultsFile } from './files';

export interface ExperimentContext {
  store: ResultStore;
  version: string;
  plot?: {
    show(doc: vscode.TextDocument, model?: string): Promise<void>;
    experiment(doc: vscode.TextDocument, model: string, results: ExperimentResults | null, source: string): Promise<void>;
  };
}

/** The document a command names (opened when needed: tests and other extensions pass a file), else the active editor's. */
const documentOf = (arg: unknown) => targetDocument(arg, { openClosed: true });

/** The document's models as the store has them (analysed now when needed), and why there are none. */
async function modelsOf(ctx: ExperimentContext, doc: vscode.TextDocument): Promise<Pick<PlanRequest, 'models' | 'noModel'>> {
  const stored = await ctx.store.current(doc);
  if (!stored) return { models: [], noModel: ctx.store.eligible(doc) ? 'the analysis did not finish' : 'Scaling Lens does not analyse this file (see scalingLens.enable and scalingLens.files.*)' };
  const error = [...(stored.result.diagnostics ?? [])].find((d) => d.severity === 'error');
  return { models: stored.models, noModel: error && `line ${error.range.start.line + 1}, column ${error.range.start.character + 1}: ${error.message}` };
}

/** Plans for the document's model (asking which, when it has several); says why when it cannot. */
async function planFor(ctx: ExperimentContext, doc: vscode.TextDocument, mode: Mode, modelArg?: string): Promise<{ plan: ExperimentPlan; models: string[] } | undefined> {
  const request: PlanRequest = { ...(await modelsOf(ctx, doc)), mode, file: vscode.workspace.asRelativePath(doc.uri, false) };
  let answer: PlanAnswer = await planInWorker({ ...request, model: modelArg });
  if (!answer.outcome) {
    const pick = await vscode.window.showQuickPick(answer.models, { title: 'Scaling Lens: which model?' });
    if (!pick) return undefined;
    answer = await planInWorker({ ...request, model: pick });
  }
  if (!answer.outcome) return undefined;
  if (!answer.outcome.ok) {
    void vscode.window.showWarningMessage(`Scaling Lens: cannot check by experiment: ${answer.outcome.reason}`);
    e2e(`experiment refused ${answer.outcome.reason}`);
    return undefined;
  }
  return { plan: answer.outcome.plan, models: answer.models };
}

async function pickMode(arg: unknown): Promise<Mode | undefined> {
  if (arg === 'quick' || arg === 'full') return arg;
  const items: (vscode.QuickPickItem & { mode: Mode })[] = [
    { mode: 'quick', label: 'Quick', description: 'a smoke test', detail: 'd = 8 to 32, 2 seeds: about 2 minutes on a laptop CPU for widths ∝ d, much longer for wider ones; measured exponents run low at such d' },
    { mode: 'full', label: 'Full', description: 'evidence', detail: 'd = 16 to 128, 8 seeds: hours on a CPU (or export the script and run it on a GPU)' },
  ];
  return (await vscode.window.showQuickPick(items, { title: 'Scaling Lens: check the prediction by experiment' }))?.mode;
}

export async function checkByExperiment(ctx: ExperimentContext, uriArg?: unknown, modelArg?: unknown, modeArg?: unknown): Promise<ExperimentResults | undefined> {
  const doc = await documentOf(uriArg);
  if (!doc) {
    void vscode.window.showWarningMessage('Scaling Lens: open a file with a model first.');
    return undefined;
  }
  const mode = await pickMode(modeArg);
  if (!mode) return undefined;
  const planned = await planFor(ctx, doc, mode, typeof modelArg === 'string' ? modelArg : undefined);
  if (!planned) return undefined;
  const { plan, models } = planned;
  const name = plan.model.name;
  await ctx.plot?.show(doc, name);
  const ac = new AbortController();
  const s = plan.settings;
  e2e(`experiment started ${name} ${mode} dims=${s.dims.join(',')}`);
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Scaling Lens: experiment on ${name} (${mode}${mode === 'quick' ? ', a smoke test' : ''})`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => ac.abort());
      let shown = 0;
      return runExperiment(plan, {
        signal: ac.signal,
        machine: machineName(),
        producer: `scaling-lens ${ctx.version} (TypeScript core, VS Code)`,
        partialMs: 3000,
        onProgress: (p) => {
          const pct = Math.round(p.fraction * 100);
          progress.report({ message: `${p.message}`, increment: pct - shown });
          if (pct > shown) e2e(`experiment progress ${pct}% ${p.message}`);
          shown = Math.max(shown, pct);
        },
        onPartial: (r) => void ctx.plot?.experiment(doc, name, r, 'running'),
      });
    },
  );
  if (results.status === 'cancelled') {
    await ctx.plot?.experiment(doc, name, results, 'cancelled, not saved');
    void vscode.window.showInformationMessage(`Scaling Lens: experiment cancelled; the ${results.measured.points.length} point(s) measured so far are drawn, not saved.`);
    e2e(`experiment cancelled ${name} points=${results.measured.points.length}`);
    return results;
  }
  const file = resultsFileName(doc.uri.path, name, models.length);
  let source = file;
  if (doc.uri.scheme !== 'untitled') {
    const target = vscode.Uri.joinPath(doc.uri, '..', file);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(JSON.stringify(results, null, 1) + '\n'));
    log(`experiment: wrote ${target.toString()}`);
  } else source = 'not saved (untitled file)';
  await ctx.plot?.experiment(doc, name, results, source);
  void vscode.window.showInformationMessage(`Scaling Lens: ${results.measured.reading}${results.smokeTest ? ' (quick mode: a smoke test)' : ''}`);
  e2e(`experiment done ${name} status=${results.status} points=${results.measured.points.filter((p) => p.pStar !== undefined).length} exponent=${results.measured.exponent?.toFixed(3) ?? '-'} file=${file}`);
  return results;
}

export async function exportExperimentScript(ctx: ExperimentContext, uriArg?: unknown, modelArg?: unknown): Promise<string | undefined> {
  const doc = await documentOf(uriArg);
  if (!doc) {
    void vscode.window.showWarningMessage('Scaling Lens: open a file with a model first.');
    return undefined;
  }
  const planned = await planFor(ctx, doc, 'full', typeof modelArg === 'string' ? modelArg : undefined);
  if (!planned) return undefined;
  const name = `${fileStem(planned.plan.model.name, 'model')}_experiment.py`;
  const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(doc.uri, '..', name), filters: { Python: ['py'] }, title: 'Export the experiment as a PyTorch script' });
  if (!target) return undefined;
  const text = exportScript(planned.plan, `scaling-lens ${ctx.version}`);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const out = resultsFileName(doc.uri.path, planned.plan.model.name, planned.models.length);
  void vscode.window.showInformationMessage(
    `Scaling Lens: wrote ${vscode.workspace.asRelativePath(target, false)}. On a GPU machine: python3 ${path.basename(target.path)} --out ${out}, then "Load Experiment Results" (predicted d^${predictedText(planned.plan.predicted)}).`,
  );
  e2e(`experiment exported ${target.fsPath} ${text.length}`);
  return target.fsPath;
}

export async function loadExperimentResults(ctx: ExperimentContext, fileArg?: unknown, docArg?: unknown): Promise<ExperimentResults | undefined> {
  const doc = await documentOf(docArg);
  if (!doc) {
    void vscode.window.showWarningMessage('Scaling Lens: open the model file first; its chart shows the results.');
    return undefined;
  }
  const picked = typeof fileArg === 'string' || fileArg instanceof vscode.Uri
    ? [typeof fileArg === 'string' ? vscode.Uri.file(fileArg) : fileArg]
    : await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: vscode.Uri.joinPath(doc.uri, '..'), filters: { 'Experiment results': ['json'] }, title: 'Load experiment results' });
  const uri = picked?.[0];
  if (!uri) return undefined;
  const read = await readResultsFile(uri);
  if ('error' in read) {
    void vscode.window.showErrorMessage(`Scaling Lens: ${path.basename(uri.path)} is not experiment results: ${read.error}`);
    e2e(`experiment load refused ${read.error}`);
    return undefined;
  }
  const r = read.results;
  const models = (await modelsOf(ctx, doc)).models.map((m) => m.name);
  if (!models.includes(r.model.name)) {
    void vscode.window.showErrorMessage(`Scaling Lens: ${path.basename(uri.path)} holds results for the model '${r.model.name}', which ${path.basename(doc.fileName)} does not have (it has ${models.join(', ') || 'no model'}). Open that model's file first.`);
    e2e(`experiment load refused model ${r.model.name}`);
    return undefined;
  }
  await ctx.plot?.show(doc, r.model.name);
  await ctx.plot?.experiment(doc, r.model.name, r, path.basename(uri.path));
  void vscode.window.showInformationMessage(`Scaling Lens: loaded ${path.basename(uri.path)} for ${r.model.name}: ${r.measured.reading}`);
  e2e(`experiment loaded ${path.basename(uri.path)} model=${r.model.name} points=${r.measured.points.length}`);
  return r;
}
