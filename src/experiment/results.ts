// Assembles the results file from the runs so far, and checks a results file read back (from
// the CLI, the editor's runner, or the exported PyTorch script) before anything draws it.

import { caveats, reading } from './compare';
import { fitPoints, summarizePoint, type PointInput } from './summarize';
import { RESULTS_KIND, SCHEMA_VERSION, type ExperimentPlan, type ExperimentResults, type PointRecord } from './types';
import { widthsAt } from './widths';
import { fileStem } from '../model/names';

export interface Snapshot {
  dimensions(): { d: number; finished: boolean; runs: PointInput['runs']; notes: string[] }[];
}

export function buildResults(plan: ExperimentPlan, snapshot: Snapshot, status: ExperimentResults['status'], meta: { producer: string; machine?: string; seconds?: number; createdAt?: string }): ExperimentResults {
  const s = plan.settings;
  const replicates = new Map<number, (number | undefined)[]>();
  const points: PointRecord[] = [];
  for (const dim of snapshot.dimensions()) {
    if (!dim.runs.length) continue;
    const reps: (number | undefined)[] = [];
    points.push(summarizePoint({ d: dim.d, widths: widthsAt(plan, dim.d), runs: dim.runs, finished: dim.finished, notes: dim.notes }, s.seeds, s.level, s.bootstrap, reps));
    replicates.set(dim.d, reps);
  }
  const fit = fitPoints(points, replicates, s.level);
  const crossed = points.filter((p) => p.pStar !== undefined).length;
  const r = reading(fit.exponent, fit.interval, plan.predicted, s.level, crossed);
  const smokeTest = s.mode === 'quick';
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: RESULTS_KIND,
    status,
    smokeTest,
    model: { ...plan.model, degree: plan.degree, readout: plan.readout, hidden: plan.hidden, widths: plan.widthLaws, ...(plan.biasVariance ? { biasVariance: plan.biasVariance } : {}) },
    predicted: plan.predicted,
    measured: { ...fit, points, verdict: r.verdict, reading: r.reading, caveats: caveats(points, plan.predicted, smokeTest, status, s.dims.length) },
    settings: s,
    dropped: plan.dropped,
    notes: plan.notes,
    producer: meta.producer,
    ...(meta.machine ? { machine: meta.machine } : {}),
    ...(meta.seconds !== undefined ? { seconds: Math.round(meta.seconds * 10) / 10 } : {}),
    ...(meta.createdAt ? { createdAt: meta.createdAt } : {}),
  };
}

export type Checked = { ok: true; results: ExperimentResults } | { ok: false; error: string };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && isNum(v[0]) && isNum(v[1]);

/**
 * Validates what a chart needs from a results file (written by this tool or by the exported
 * script); says what is wrong, with the JSON path, instead of drawing a silent wrong number.
 */
export function checkResults(value: unknown): Checked {
  const fail = (error: string): Checked => ({ ok: false, error });
  if (!value || typeof value !== 'object') return fail('not a JSON object');
  const v = value as Record<string, unknown>;
  if (v.kind !== RESULTS_KIND) return fail(`"kind" must be "${RESULTS_KIND}" (is this an experiment results file?)`);
  if (v.schemaVersion !== SCHEMA_VERSION) return fail(`"schemaVersion" ${JSON.stringify(v.schemaVersion)} is not ${SCHEMA_VERSION}, the version this extension reads`);
  const model = v.model as Record<string, unknown> | undefined;
  if (!model || typeof model.name !== 'string') return fail('"model.name" must be a string');
  const predicted = v.predicted as Record<string, unknown> | undefined;
  if (!predicted || !isNum(predicted.inD)) return fail('"predicted.inD" must be a number');
  if (typeof predicted.status !== 'string') return fail('"predicted.status" must be a string');
  const measured = v.measured as Record<string, unknown> | undefined;
  if (!measured || !Array.isArray(measured.points)) return fail('"measured.points" must be an array');
  if (measured.exponent !== undefined && !isNum(measured.exponent)) return fail('"measured.exponent" must be a number when present');
  if (measured.interval !== undefined && !isPair(measured.interval)) return fail('"measured.interval" must be [low, high]');
  if (typeof measured.reading !== 'string') return fail('"measured.reading" must be a string');
  if (!Array.isArray(measured.caveats)) return fail('"measured.caveats" must be an array of strings');
  for (const [i, p] of (measured.points as unknown[]).entries()) {
    const q = p as Record<string, unknown>;
    const at = `measured.points[${i}]`;
    if (!q || typeof q !== 'object') return fail(`"${at}" must be an object`);
    if (!isNum(q.d) || q.d <= 0) return fail(`"${at}.d" must be a positive number`);
    if (q.pStar !== undefined && (!isNum(q.pStar) || q.pStar <= 0)) return fail(`"${at}.pStar" must be a positive number when present`);
    if (q.interval !== undefined && !isPair(q.interval)) return fail(`"${at}.interval" must be [low, high]`);
    if (typeof q.equilibrated !== 'boolean') return fail(`"${at}.equilibrated" must be true or false`);
    if (!Array.isArray(q.notes)) return fail(`"${at}.notes" must be an array`);
    if (!Array.isArray(q.curve)) return fail(`"${at}.curve" must be an array`);
  }
  if (!v.settings || typeof v.settings !== 'object') return fail('"settings" must be an object');
  if (typeof v.smokeTest !== 'boolean') return fail('"smokeTest" must be true or false');
  if (v.status !== 'complete' && v.status !== 'partial' && v.status !== 'cancelled') return fail('"status" must be complete, partial or cancelled');
  return { ok: true, results: value as ExperimentResults };
}

// ---------------------------------------------------------------- files

/** Where results are kept beside a model file: `<stem>.experiment.json`, or `<stem>.<model>.experiment.json` when the file has several models. */
export function resultsFileName(modelFile: string, model: string, modelCount: number): string {
  const stem = pathStem(modelFile);
  return modelCount > 1 ? `${stem}.${fileStem(model, 'model')}.experiment.json` : `${stem}.experiment.json`;
}

/** A path's file name without its last extension ("models/two.json" → "two"). */
function pathStem(file: string): string {
  const base = file.replace(/^.*[\\/]/, '');
  return base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
}

/** Whether a file name beside `modelFile` can hold its experiment results. */
export function isResultsFileFor(modelFile: string, candidate: string): boolean {
  const stem = pathStem(modelFile);
  return candidate.startsWith(`${stem}.`) && candidate.endsWith('.experiment.json');
}
