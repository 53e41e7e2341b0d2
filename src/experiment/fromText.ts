// Plans an experiment from a file's text: the same reading as the analysis (front ends, the
// override beside the file), then the model chosen by name. Pure; the editor runs it in the
// experiment's worker thread, so the extension host never analyses.

import type { ReadoutKind } from '../model/types';
import { readModels } from '../report/document';
import { planExperiment, type Mode, type PlanOutcome } from './plan';
import type { ExperimentSettings } from './types';

export interface PlanRequest {
  fileName: string;
  text: string;
  defaults?: { degree?: number; readout?: ReadoutKind };
  override?: { fileName: string; text: string };
  /** The model to plan; without it, the only model (else the answer lists the models). */
  model?: string;
  mode: Mode;
  settings?: Partial<ExperimentSettings>;
  /** How the results name the file (workspace-relative). */
  file?: string;
}

export interface PlanAnswer {
  /** Every model of the file, by name. */
  models: string[];
  /** Absent when the file has several models and none was named. */
  outcome?: PlanOutcome;
}

export function planFromText(req: PlanRequest): PlanAnswer {
  const { models, diagnostics } = readModels(req.fileName, req.text, { defaults: req.defaults, override: req.override });
  const names = models.map((m) => m.name);
  if (!models.length) {
    const e = diagnostics.find((d) => d.severity === 'error');
    return { models: names, outcome: { ok: false, reason: e ? `line ${e.range.start.line + 1}, column ${e.range.start.character + 1}: ${e.message}` : 'no model in this file' } };
  }
  const model = req.model !== undefined ? models.find((m) => m.name === req.model) : models.length === 1 ? models[0] : undefined;
  if (req.model !== undefined && !model) return { models: names, outcome: { ok: false, reason: `no model named '${req.model}' (models: ${names.join(', ')})` } };
  if (!model) return { models: names };
  return { models: names, outcome: planExperiment(model, { mode: req.mode, settings: req.settings, file: req.file }) };
}

/** Where results are kept beside a model file: `<stem>.experiment.json`, or `<stem>.<model>.experiment.json` when the file has several models. */
export function resultsFileName(modelFile: string, model: string, modelCount: number): string {
  const base = modelFile.replace(/^.*[\\/]/, '');
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return modelCount > 1 ? `${stem}.${model.replace(/[^\w.-]+/g, '-')}.experiment.json` : `${stem}.experiment.json`;
}

/** Whether a file name beside `modelFile` can hold its experiment results. */
export function isResultsFileFor(modelFile: string, candidate: string): boolean {
  const base = modelFile.replace(/^.*[\\/]/, '');
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return candidate.startsWith(`${stem}.`) && candidate.endsWith('.experiment.json');
}
