// A model description in, the contract's ModelResult out (formats.md, section 4).

import { analyze, REFERENCE_EXPONENT, type Analysis, type CandidateAnalysis } from '../engine/index';
import { TOL } from '../engine/evaluate';
import { branchConditions } from '../engine/conditions';
import { LinForm } from '../engine/linform';
import type { Branch, Candidate, Selection } from '../engine/index';
import type { Rule, RuleStatus } from '../engine/rules';
import { toProblem, type Prepared } from '../model/toProblem';
import type { Diagnostic, ModelDescription, Range } from '../model/types';
import { conditionText, equationText, exponentText, plainMonomial, prettyMonomial } from './format';
import type { CandidateResult, LayerResult, ModelResult, MonomialResult } from './result';

export interface ModelOptions {
  /** Numeric sizes that override the file's. */
  sizes?: Record<string, number>;
}

const STATUS_RANK: Record<RuleStatus, number> = { paper: 0, reported: 1, derived: 2 };
export const weakest = (rules: Rule[]): RuleStatus => rules.reduce<RuleStatus>((w, r) => (STATUS_RANK[r.status] > STATUS_RANK[w] ? r.status : w), 'paper');

export function analyzeModel(model: ModelDescription, options: ModelOptions = {}): ModelResult {
  const prep = toProblem(model, options.sizes);
  const diagnostics: Diagnostic[] = [...(model.diagnostics ?? [])];
  const where: Range = model.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const base: ModelResult = {
    name: model.name,
    range: model.range,
    layers: [],
    candidates: [],
    boundaries: [],
    notCovered: prep.notCovered,
    assumptions: prep.assumptions,
    diagnostics,
  };
  if (Object.keys(prep.sizes).length) base.sizes = prep.sizes;
  if (model.regime && Object.keys(model.regime).length) base.regime = model.regime;
  if (prep.notes.length) base.notes = prep.notes;
  if (!prep.problem) {
    base.layers = layerResults(prep, undefined, model);
    diagnostics.push({
      severity: 'warning',
      range: where,
      code: 'not-covered',
      message: `Not analysed: ${prep.blocking.join('; ')}. The scale analysis never guesses for what its rules do not cover.`,
    });
    base.derivation = [`Not analysed: ${prep.blocking.join('; ')}.`];
    return base;
  }

  const a = analyze(prep.problem);
  for (const m of a.missing) diagnostics.push({ severity: 'warning', range: where, code: 'incomplete-point', message: `Results stay symbolic: ${m}.` });
  const order = a.symbols;
  const valueAt = (f: LinForm) => (a.sizesPoint ? Math.exp(f.evalFloat(a.sizesPoint)) : undefined);
  const inDOf = (f: LinForm) => (a.regimeExact ? f.evalExact(a.regimeExact).toString() : undefined);

  base.candidates = a.candidates.map((ca) => candidateResult(ca, a, order, valueAt, inDOf));
  const winner = a.ranking?.winner;
  if (winner) {
    const ca = a.candidates.find((c) => c.candidate === winner.candidate)!;
    const energy = winner.branch.energy;
    const withKappa = energy.add(LinForm.sym('kappa'));
    const status = weakest([...winner.candidate.rules, ...winner.selection.rules]);
    const regimeInD = ca.atRegime ? ca.atRegime.inD.toString() : undefined;
    const value = valueAt(energy);
    base.pStar = {
      symbol: 'P*',
      exponents: withKappa.toExponents(['kappa', ...order]),
      text: `κ·${prettyMonomial(energy, order)}`,
      status,
      ...(regimeInD !== undefined ? { inD: regimeInD } : {}),
      ...(value !== undefined ? { value: roundSig(value * (prep.kappa ?? 1)) } : {}),
    };
    if (a.design === 'reference') {
      base.pStar.reference = `every width and context ∝ ${prep.problem.dim}^${REFERENCE_EXPONENT} (no regime or sizes given)`;
      const cond = base.candidates.find((c) => c.id === winner.candidate.id)?.energy.validWhen;
      if (cond?.length) base.pStar.validWhen = cond;
    }
    base.winner = winner.candidate.id;
    // Ties are about exponents, so they are read under the regime when there is one: the candidates
    // whose exponent of d equals the winner's (the winner itself may have been named at the sizes).
    const tiedRanking = a.regimeRanking ?? a.ranking!;
    const own = tiedRanking.all.find((e) => e.candidate === winner.candidate)?.value ?? winner.value;
    const tied = tiedRanking.all
      .filter((e) => e.candidate !== winner.candidate && Math.abs(e.value - own) <= TOL * Math.max(1, Math.abs(own)))
      .map((e) => e.candidate.id);
    if (tied.length) base.tied = tied;
    if (a.ranking!.runnerUp) base.runnerUp = a.ranking!.runnerUp.candidate.id;
    if (a.nearBoundary !== undefined) base.nearBoundary = a.nearBoundary;
  }
  if (a.design === 'reference' || !winner) {
    diagnostics.push({
      severity: 'info',
      range: where,
      code: 'no-point',
      message:
        'No regime and no sizes: which pattern wins depends on the sizes. P* is named for a generic wide network ' +
        `(every width and context ∝ ${prep.problem.dim}^${REFERENCE_EXPONENT}) and holds where its conditions hold; each candidate carries its own conditions. ` +
        'Add a regime (e.g. N = d) or sizes to fix the design point.',
    });
  }
  base.layers = layerResults(prep, winner?.candidate.patterns, model);
  base.boundaries = a.boundaries.map((b) => ({
    between: [b.before, b.after],
    where: equationText(b.equation, order),
    along: b.along,
    at: `${b.along} = ${prep.problem!.dim}^${crossingText(a, b)}`,
  }));
  base.derivation = derivation(a, base);
  return base;
}


function candidateResult(
  ca: CandidateAnalysis,
  a: Analysis,
  order: string[],
  valueAt: (f: LinForm) => number | undefined,
  inDOf: (f: LinForm) => string | undefined,
): CandidateResult {
  const c = ca.candidate;
  // At a point: the branch that is active there; otherwise the interior branch with its conditions.
  const ev = a.design === 'sizes' ? ca.atSizes : a.design === 'regime' ? ca.atRegime?.evaluation : undefined;
  let selection: Selection;
  let branch: Branch;
  if (ev) {
    selection = ev.selection;
    branch = ev.branch;
  } else {
    selection = ca.symbolic!.selection;
    branch = ca.symbolic!.branch;
  }
  const text = branchTexts(c, selection, branch, order);
  const regimeInD = ca.atRegime ? ca.atRegime.inD.toString() : undefined;
  const energy: CandidateResult['energy'] = {
    ...withPoint(text.energy, branch.energy, valueAt, regimeInD),
    branch: text.branch,
  };
  if (text.validWhen.length) energy.validWhen = text.validWhen;
  const params: Record<string, MonomialResult> = {};
  for (const p of c.params) params[p.name] = withPoint(text.params[p.name], branch.params[p.name], valueAt, inDOf(branch.params[p.name]));
  return {
    id: c.id,
    layers: c.patterns,
    energy,
    params,
    activeTerms: text.activeTerms,
    activeBounds: text.activeBounds,
    status: text.status,
    rules: text.rules,
  };
}

interface BranchTexts {
  energy: MonomialResult;
  params: Record<string, MonomialResult>;
  validWhen: string[];
  branch: string;
  activeTerms: string[];
  activeBounds: string[];
  status: RuleStatus;
  rules: { rule: string; status: RuleStatus }[];
}

// What a branch says does not depend on the point, and branches are cached with their
// architecture: format each once.
const textMemo = new WeakMap<Branch, BranchTexts>();

function branchTexts(c: Candidate, selection: Selection, branch: Branch, order: string[]): BranchTexts {
  const hit = textMemo.get(branch);
  if (hit) return hit;
  const sym = (f: LinForm): MonomialResult => ({ exponents: f.toExponents(order), text: prettyMonomial(f, order) });
  const rules = [...c.rules, ...selection.rules];
  const params: Record<string, MonomialResult> = {};
  for (const p of c.params) params[p.name] = sym(branch.params[p.name]);
  const t: BranchTexts = {
    energy: sym(branch.energy),
    params,
    validWhen: branchConditions(c, selection, branch).map((f) => conditionText(f, order)),
    branch: branchName(selection, branch),
    activeTerms: branch.activeTerms.map((i) => termText(selection, i, order)),
    activeBounds: branch.activeBounds.map((b) => b.text),
    status: weakest(rules),
    rules: rules.map((r) => ({ rule: r.text, status: r.status })),
  };
  textMemo.set(branch, t);
  return t;
}

/** A memoised monomial with what depends on the point: its value at the sizes and its exponent of d. */
function withPoint(t: MonomialResult, f: LinForm, valueAt: (f: LinForm) => number | undefined, inD?: string): MonomialResult {
  const value = valueAt(f);
  return { exponents: { ...t.exponents }, text: t.text, ...(value !== undefined ? { value: roundSig(value) } : {}), ...(inD !== undefined ? { inD } : {}) };
}

function termText(s: Selection, i: number, order: string[]): string {
  return plainMonomial(s.terms[i].form, order).replace(/ /g, '·');
}

function branchName(s: Selection, b: Branch): string {
  const parts: string[] = [];
  if (b.activeBounds.length) parts.push(b.activeBounds.map((x) => x.text).join(', '));
  const lazy = s.terms.filter((_, i) => s.alternatives[i].length && s.paths[i] === 'input kernel').map((t) => t.label);
  if (lazy.length) parts.push(`lazy path in ${lazy.join(', ')}`);
  return parts.length ? parts.join('; ') : 'interior';
}

function layerResults(prep: Prepared, patterns: string[] | undefined, model: ModelDescription): LayerResult[] {
  return prep.layers.map((l) => {
    const src = model.layers[l.index];
    const r: LayerResult = { type: l.type };
    if (l.symbol) r.width = l.symbol;
    const value = l.value ?? (l.symbol ? prep.sizes[l.symbol] : undefined);
    if (value !== undefined) r.value = value;
    if (src?.range) r.range = src.range;
    if (!l.covered) r.covered = false;
    if (l.activation) r.activation = l.activation;
    if (patterns && l.hidden !== undefined) r.pattern = patterns[l.hidden];
    if (l.reason) r.reason = l.reason;
    return r;
  });
}

function derivation(a: Analysis, r: ModelResult): string[] {
  const p = a.problem;
  const lines: string[] = [];
  lines.push(`Features: φ = w*·x has eigenvalue ${p.dim}^-1 in the input kernel; the target y = He_${p.degree}(φ) has ${p.dim}^-${p.degree} (paper).`);
  lines.push(`P* ∝ κ·E_min, E = Σ layer costs + a_y, minimised over ${a.candidates.length} candidate patterns by an exact linear program over exponents.`);
  for (const c of r.candidates) {
    const bits = [`${c.id}: E ∝ ${c.energy.text}`];
    const ps = Object.entries(c.params).map(([k, v]) => `${k}* ∝ ${v.text}`);
    if (ps.length) bits.push(`at ${ps.join(', ')}`);
    if (c.activeTerms?.length) bits.push(`(balance of ${c.activeTerms.join(', ')}`);
    if (c.activeBounds?.length) bits.push(`bound ${c.activeBounds.join(', ')}`);
    lines.push(bits.join(' ') + (c.activeTerms?.length ? ')' : '') + ` [${c.status}]`);
  }
  if (r.winner) {
    const at = a.design === 'sizes' ? 'at the given sizes' : a.design === 'regime' ? 'under the regime' : `for a generic wide network (widths ∝ ${p.dim}^${REFERENCE_EXPONENT}; no regime or sizes given)`;
    lines.push(`Winner ${at}: ${r.winner}, P* ∝ ${r.pStar!.text}${r.pStar!.inD ? ` = κ·${p.dim}^${exponentText(r.pStar!.inD)}` : ''} [${r.pStar!.status}].`);
    if (r.tied?.length) lines.push(`Tied (same exponent; the simplest pattern is named): ${r.tied.join(', ')}.`);
  }
  for (const b of r.boundaries) lines.push(`Boundary ${b.between[0]} | ${b.between[1]} at ${b.where} (along ${b.along}, ${b.at}).`);
  lines.push('A necessary-condition scaling (a lower bound on P*) for the equilibrium (Bayesian) picture; exponents only, prefactors unknown.');
  return lines;
}

function roundSig(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  return Number(v.toPrecision(6));
}

/** Where a boundary crosses its axis, in powers of d: exact under a regime, decimal at numeric sizes. */
function crossingText(a: Analysis, b: { equation: LinForm; along: string; at: number }): string {
  const coef = b.equation.get(b.along);
  if (a.regimeExact && !coef.isZero()) {
    // equation·x = 0 with every other size at its regime exponent: solve for the exponent of `along`.
    const rest = b.equation.restrict((s) => s !== b.along).evalExact(a.regimeExact);
    return `(${rest.neg().div(coef)})`;
  }
  return `${Number(b.at.toPrecision(3))}`;
}
