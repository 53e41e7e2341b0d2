// Plans an experiment for one of a file's models, as the analysis read them (the editor sends the
// models of its result store, the command line reads the file through src/pipeline/document.ts).
// Pure; the editor runs it in the experiment's worker thread, so the extension host never analyses.

import type { ModelDescription } from '../../model/types';
import { planExperiment, type Mode, type PlanOutcome } from './plan';
import type { ExperimentSettings } from '../types';

export interface PlanRequest {
  /** The models of the file, as read (override and settings applied). */
  models: ModelDescription[];
  /** Why there is no model, when there is none ("line 3, column 5: ..."). */
  noModel?: string;
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

export function planFromModels(req: PlanRequest): PlanAnswer {
  const { models } = req;
  const names = models.map((m) => m.name);
  if (!models.length) return { models: names, outcome: { ok: false, reason: req.noModel ?? 'no model in this file' } };
  const model = req.model !== undefined ? models.find((m) => m.name === req.model) : models.length === 1 ? models[0] : undefined;
  if (req.model !== undefined && !model) return { models: names, outcome: { ok: false, reason: `no model named '${req.model}' (models: ${names.join(', ')})` } };
  if (!model) return { models: names };
  return { models: names, outcome: planExperiment(model, { mode: req.mode, settings: req.settings, file: req.file }) };
}
