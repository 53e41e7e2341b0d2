// From a model description to the experiment that checks its prediction: which network to
// simulate at each d (the model's dense layers, activations, biases and readout, with widths that
// follow its regime or the exponents its numeric sizes imply), and the predicted exponent to
// compare with. Uses toProblem and analyzeModel only through their results.

import { toProblem } from '../../model/toProblem';
import { parseSizeExpr } from '../../model/sizeExpr';
import type { DenseLayer, ModelDescription } from '../../model/types';
import { analyzeModel } from '../../report/build';
import type { ModelResult, PStarResult } from '../../contract/result';
import { ALPHA_FRACTION, PLATEAU_RATIO } from '../core/crossing';
import { experimentActivation } from '../core/activations';
import type { ExperimentPlan, ExperimentSettings, HiddenLayerPlan, Predicted, WidthLaw } from '../types';
import { widthsAt } from '../widths';

export type Mode = 'quick' | 'full';

const ALPHA_RULE =
  `P* is where the mean test alignment reaches alpha = ${ALPHA_FRACTION} x the plateau, with the plateau read at ${PLATEAU_RATIO} P*: A(P*) = ${ALPHA_FRACTION} A(${PLATEAU_RATIO} P*), interpolated in log P. At temperature kappa the alignment stays below 1 and keeps rising slowly with P, so a fixed alpha, or a plateau read at the top of a grid, would measure the cap or the grid; this reading is scale-free.`;

/** The defaults of each mode. Quick: a smoke test of a few minutes on a laptop's CPU. */
export function defaultSettings(mode: Mode): ExperimentSettings {
  const common = { kappa: 0.5, integrator: 'underdamped' as const, stepFactor: 0.5, pStart: 1, level: 0.9, alphaRule: ALPHA_RULE };
  return mode === 'quick'
    ? { ...common, mode, dims: [8, 11, 16, 23, 32], seeds: 2, burnIn: 10, sample: 5, measurements: 20, testSize: 1000, maxSteps: 20_000, maxWidth: 512, maxRatio: 256, refinements: 1, bootstrap: 400 }
    : { ...common, mode, dims: [16, 23, 32, 45, 64, 91, 128], seeds: 8, burnIn: 20, sample: 10, measurements: 40, testSize: 4000, maxSteps: 200_000, maxWidth: 4096, maxRatio: 256, refinements: 2, bootstrap: 1000 };
}

export type PlanOutcome = { ok: true; plan: ExperimentPlan } | { ok: false; reason: string };

export interface PlanOptions {
  mode?: Mode;
  /** Settings that replace the mode's defaults (the CLI's --dims, --seeds, --kappa, --max-width). */
  settings?: Partial<ExperimentSettings>;
  file?: string;
}

export function planExperiment(model: ModelDescription, options: PlanOptions = {}): PlanOutcome {
  const refuse = (reason: string): PlanOutcome => ({ ok: false, reason: `${model.name}: ${reason}` });
  const prep = toProblem(model);
  if (!prep.problem) return refuse(`not analysed, so there is no prediction to check (${prep.blocking.join('; ')})`);
  const problem = prep.problem;
  const nonDense = problem.hidden.find((h) => h.kind !== 'dense');
  if (nonDense) return refuse(`the experiment simulates stacks of dense layers; layer ${nonDense.index + 1} is ${nonDense.kind === 'attention' ? 'an attention head' : `a '${nonDense.kind}' layer`}`);
  const outside = prep.notCovered.filter((n) => (model.layers[n.layer] as { partial?: boolean } | undefined)?.partial);
  if (outside.length) return refuse(`the result covers only part of the network (${outside.map((n) => n.type).join(', ')} outside it); the experiment would simulate a different network`);


  const dim = problem.dim;
  const hidden: HiddenLayerPlan[] = [];
  const notes: string[] = prep.notCovered.map((n) => `layer ${n.layer + 1} (${n.type}) left out: ${n.reason}`);
  for (const h of problem.hidden) {
    if (h.kind !== 'dense') continue;
    const act = experimentActivation(h.activation);
    if (!act) return refuse(`activation '${h.activation}' of layer ${h.index + 1} has no simulation here`);
    if (act.note) notes.push(`layer ${h.index + 1}: ${h.activation} simulated as ${act.note}`);
    const layer = model.layers[h.index] as DenseLayer | undefined;
    hidden.push({ symbol: h.width, activation: act.name, bias: (h as { bias?: boolean }).bias ?? layer?.bias === true });
  }

  const laws: WidthLaw[] = [];
  for (const sym of [...new Set(hidden.map((h) => h.symbol))]) {
    const law = widthLaw(sym, dim, model, problem.regime, prep.sizes);
    if (typeof law === 'string') return refuse(law);
    laws.push(law);
  }

  // Widths that all follow the regime: the prediction is P* under the regime alone (sizes off the
  // regime can name a winner that is not the optimum along it). No boundaries: only P* is read.
  const alongRegime = laws.every((l) => l.source !== 'sizes');
  const predicted = predictionOf(analyzeModel(model, { boundaries: false, regimeOnly: alongRegime }), laws, dim);
  if (typeof predicted === 'string') return refuse(predicted);

  let biasVariance: ExperimentPlan['biasVariance'];
  if (hidden.some((h) => h.bias)) {
    biasVariance = { coefficient: 1, exponent: 0 };
    if (model.biasVariance) {
      const e = parseSizeExpr(model.biasVariance);
      if (!e.ok || Object.keys(e.value.exponents).some((k) => k !== dim)) return refuse(`bias variance '${model.biasVariance}' must be a size expression in ${dim}`);
      biasVariance = { coefficient: e.value.coefficient, exponent: fraction(e.value.exponents[dim] ?? '0') };
    } else notes.push('bias prior variance sigma_b^2 = 1 (the model states none)');
  }

  const base = defaultSettings(options.mode ?? 'quick');
  const settings: ExperimentSettings = { ...base, ...(prep.kappa !== undefined ? { kappa: prep.kappa } : {}), ...options.settings };
  if (prep.kappa === undefined && options.settings?.kappa === undefined) notes.push(`kappa = ${settings.kappa} (the model states none; P* scales with kappa, the exponent of d does not)`);
  const dropped: ExperimentPlan['dropped'] = [];
  const dims: number[] = [];
  for (const d of settings.dims) {
    const w = widthsAt({ widthLaws: laws }, d);
    const over = Object.entries(w).filter(([, n]) => n > settings.maxWidth);
    if (over.length) dropped.push({ d, reason: `${over.map(([s, n]) => `${s} = ${n}`).join(', ')} exceeds the width budget ${settings.maxWidth}` });
    else dims.push(d);
  }
  if (dims.length < 2)
    return refuse(`the width budget (${settings.maxWidth}) leaves ${dims.length} of the dimensions ${settings.dims.join(', ')}: ${dropped.map((x) => `d = ${x.d}: ${x.reason}`).join('; ')}; raise the budget or use smaller d`);
  return {
    ok: true,
    plan: {
      model: { name: model.name, ...(options.file ? { file: options.file } : {}) },
      degree: problem.degree,
      readout: problem.readout,
      hidden,
      widthLaws: laws,
      ...(biasVariance ? { biasVariance } : {}),
      predicted,
      settings: { ...settings, dims },
      dropped,
      notes,
    },
  };
}

/** The predicted exponent of d along the width laws, or why there is none (an unlearnable model has no P*). */
export function predictionOf(result: ModelResult, laws: WidthLaw[], dim: string): Predicted | string {
  const r = result as ModelResult & { reason?: string };
  const pStar = r.pStar as (PStarResult & { reason?: string }) | null | undefined;
  if (!pStar) return `no prediction to check: ${whyNoPrediction(r)}`;
  return predictedExponent(pStar, laws, dim);
}

function whyNoPrediction(r: { reason?: string; pStar?: unknown; diagnostics: { message: string; severity: string }[]; derivation?: string[] }): string {
  const own = (r.pStar as { reason?: string } | null | undefined)?.reason ?? r.reason;
  if (own) return own;
  const warn = r.diagnostics.find((d) => d.severity !== 'info');
  return warn?.message ?? r.derivation?.[0] ?? 'the analysis gave no P*';
}

function widthLaw(sym: string, dim: string, model: ModelDescription, regime: Record<string, { toNumber(): number } | number> | undefined, sizes: Record<string, number>): WidthLaw | string {
  if (sym === dim) return { symbol: sym, coefficient: 1, exponent: 1, source: 'dim', text: `${sym} = ${dim}` };
  const r = regime?.[sym];
  if (r !== undefined) {
    const exponent = typeof r === 'number' ? r : r.toNumber();
    const parsed = model.regime?.[sym] ? parseSizeExpr(model.regime[sym]) : undefined;
    const coefficient = parsed?.ok ? parsed.value.coefficient : 1;
    return { symbol: sym, coefficient, exponent, source: 'regime', text: `${sym} = ${model.regime?.[sym] ?? `${dim}^${exponent}`} (the regime)` };
  }
  const n0 = sizes[sym];
  const d0 = sizes[dim];
  if (n0 !== undefined && d0 !== undefined && d0 > 1 && n0 >= 1) {
    const exponent = Math.log(n0) / Math.log(d0);
    return { symbol: sym, coefficient: 1, exponent, source: 'sizes', text: `${sym} = ${dim}^${round3(exponent)} (implied by ${sym} = ${n0} at ${dim} = ${d0})` };
  }
  return `width ${sym} follows neither a regime nor numeric sizes (with ${dim}); add a regime such as "${sym}": "${dim}" or sizes`;
}

function predictedExponent(pStar: { exponents: Record<string, string>; inD?: string; status: string; text?: string }, laws: WidthLaw[], dim: string): Predicted | string {
  const base = { status: pStar.status, ...(pStar.text ? { text: pStar.text } : {}) };
  if (laws.every((l) => l.source !== 'sizes') && pStar.inD !== undefined) return { ...base, inD: fraction(pStar.inD), exact: pStar.inD, from: 'regime' };
  let inD = 0;
  for (const [sym, e] of Object.entries(pStar.exponents)) {
    if (sym === 'kappa') continue;
    const exponent = sym === dim ? 1 : laws.find((l) => l.symbol === sym)?.exponent;
    if (exponent === undefined) return `P* depends on ${sym}, which the experiment does not vary with ${dim}`;
    inD += fraction(e) * exponent;
  }
  return { ...base, inD, from: 'sizes' };
}

/** "5/4" -> 1.25. */
export function fraction(s: string): number {
  const [n, m] = s.split('/');
  return Number(n) / (m === undefined ? 1 : Number(m));
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
