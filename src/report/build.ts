// A model description in, the contract's ModelResult out (docs/formats.md, section 4): the engine's
// analysis put into words and numbers, once, for every surface (CLI, hints, hovers, chart).

import { analyze, LinForm, REFERENCE_EXPONENT, Rational, WALK_BUDGET_MS, walkBoundaries, walksPending, type Analysis, type Point, type SequenceResult } from '../engine/index';
import { toProblem, type Prepared } from '../model/toProblem';
import type { Diagnostic, ModelDescription, Note, Range } from '../model/types';
import { firstLine } from '../model/ranges';
import { samePStarSuffix, compactPlain, compactRuns, namesText, conditionText, equationText, exponentText, groupedRanges, paramText, plainMonomial, powerText, prettyMonomial, sequenceText, winsAlongText, winsText } from './format';
import type { CandidateResult, LayerResult, ModelResult, MonomialResult, ParamResult, RuleStatus, WinsResult } from '../contract/result';

export interface ModelOptions {
  /** Numeric sizes that override the file's. */
  sizes?: Record<string, number>;
  /**
   * Walk every size for the phase boundaries (default true). The charts walk the sizes they draw,
   * over their own ranges, and need none of these walks (most of a deep network's analysis).
   */
  boundaries?: boolean;
  /**
   * Analyse under the regime alone, the numeric sizes left out (where a regime ties every size to
   * d): an experiment whose widths follow the regime predicts P* along it, which sizes off the
   * regime can name otherwise.
   */
  regimeOnly?: boolean;
}

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function analyzeModel(model: ModelDescription, options: ModelOptions = {}): ModelResult {
  return analyzeModelFull(model, options).result;
}

/** The result with the engine's analysis it was read from (for charts, which need the curves too). */
export function analyzeModelFull(model: ModelDescription, options: ModelOptions = {}): { result: ModelResult; analysis?: Analysis; prep: Prepared } {
  const prep = toProblem(model, options.sizes);
  const problem = prep.problem && options.regimeOnly && prep.problem.regime ? { ...prep.problem, sizes: undefined } : prep.problem;
  const analysis = problem ? analyze(problem, { boundaries: options.boundaries ?? true }) : undefined;
  return { result: describe(model, prep, analysis), analysis, prep };
}

/** A model's result in two steps: first without its phase boundaries, then with them. */
export interface StagedResult {
  /** Everything but the boundaries and the winner's range along each size (`pending` says so). */
  early: ModelResult;
  /** Whether `finish` has boundaries to add (a model not analysed, or without a point, has none). */
  pending: boolean;
  /** The whole result: walks the sizes (most of a deep network's time) and writes it again. */
  finish(): ModelResult;
}

/**
 * The walks along every size take most of a deep network's analysis (a 128-layer network of one
 * width: 2 of its 2.5 s), and nothing else waits for them: the editor shows the early result's
 * hints and P* while they run. The finished result is the one `analyzeModel` gives.
 */
export function analyzeModelStaged(model: ModelDescription, options: ModelOptions = {}): StagedResult {
  const prep = toProblem(model, options.sizes);
  const a = prep.problem ? analyze(prep.problem, { boundaries: 'later' }) : undefined;
  const early = describe(model, prep, a);
  const pending = !!a && walksPending(a);
  let done: ModelResult | undefined;
  return {
    early,
    pending,
    // Not pending: the early result is already whole (it carries no `pending`).
    finish: () => (done ??= pending && walkBoundaries(a!) ? describe(model, prep, a) : early),
  };
}

/** The analysis put into words and numbers; `a` undefined where the rules do not cover the model. */
function describe(model: ModelDescription, prep: Prepared, a: Analysis | undefined): ModelResult {
  const diagnostics: Diagnostic[] = [...(model.diagnostics ?? [])];
  // The model's diagnostics mark its first line, not the whole model (a Hugging Face config's
  // "not covered" underlined the entire file, and a class of 60 lines was one squiggle).
  const where: Range = model.range ? firstLine(model.range) : ORIGIN;
  const notes: Note[] = [...prep.notes];
  const base: ModelResult = {
    name: model.name,
    range: model.range,
    layers: [],
    candidates: [],
    boundaries: [],
    // atLayer is for the diagnostic below, not part of the contract.
    notCovered: prep.notCovered.map(({ atLayer: _, ...n }) => n),
    assumptions: prep.assumptions,
    diagnostics,
  };
  if (Object.keys(prep.sizes).length) base.sizes = prep.sizes;
  if (model.regime && Object.keys(model.regime).length) base.regime = model.regime;
  const finish = () => {
    if (notes.length) base.notes = notes;
    return base;
  };
  // An activation the rules do not know is said at its layer too: the model's warning is on its
  // first line, and the typo ("rleu") was lines below it.
  for (const n of prep.notCovered) if (n.atLayer && n.range) diagnostics.push({ severity: 'warning', range: n.range, code: 'unknown-activation', message: `layer ${n.layer + 1}: ${n.reason}` });
  if (!prep.problem || !a) {
    base.layers = layerResults(prep, undefined, model);
    diagnostics.push({
      severity: 'warning',
      range: where,
      code: 'not-covered',
      message: `Not analysed: ${prep.blocking.join('; ')}. The scale analysis never guesses for what its rules do not cover.`,
    });
    base.derivation = [`Not analysed: ${prep.blocking.join('; ')}.`];
    return finish();
  }

  for (const m of a.missing) diagnostics.push({ severity: 'warning', range: where, code: 'incomplete-point', message: `Results stay symbolic: ${m}.` });
  base.layers = layerResults(prep, a.winner?.sequence, model);
  if (a.unlearnable || !a.winner) {
    base.pStar = null;
    base.reason = a.unlearnable ?? 'no pattern sequence reaches the target';
    diagnostics.push({ severity: 'warning', range: where, code: 'not-learnable', message: `Not learnable by this network: ${base.reason.replace(/\.$/, '')}. No P* is given.` });
    base.derivation = [...featureLines(a), `Not learnable by this network: ${base.reason.replace(/\.$/, '')}.`];
    return finish();
  }

  const ctx = new Context(a);
  const w = a.winner;
  base.pStar = {
    symbol: 'P*',
    exponents: w.energy.add(LinForm.sym('kappa')).toExponents(['kappa', ...a.symbols]),
    text: `κ·${ctx.pretty(w.energy)}`,
    status: a.status!,
  };
  // The value at the sizes is the monomial's, no prefactor (formats.md): κ, even a numeric one, is
  // left out, as in every candidate's value and on the charts (it was folded in here alone).
  ctx.point(base.pStar, w.energy);
  if (a.certificate) base.pStar.certificate = { checked: a.certificate.checked, at: a.design!, how: a.certificate.how };
  const when = w.validWhen.map((f) => conditionText(f, a.symbols));
  if (a.design === 'reference') {
    // Sizes or a regime that leave a size out fall back to the reference point too: said as such.
    const partial = a.missing.length > 0;
    base.pStar.reference = `every width and context ∝ ${prep.problem.dim}^${REFERENCE_EXPONENT} (${partial ? 'the sizes and regime given do not fix every size' : 'no regime or sizes given'})`;
    base.pStar.wins = winsResult(a, ctx);
    // Printed conditions are where the winner wins, never only where its own branch holds.
    if (a.region?.kind === 'region') base.pStar.validWhen = a.region.conditions.map((f) => conditionText(f, a.symbols));
    else if (when.length && base.pStar.wins.kind === 'formula') base.pStar.validWhen = when;
    diagnostics.push({ severity: 'info', range: where, code: 'no-point', message: noPointMessage(prep.problem.dim, base.pStar, partial) });
  } else if (when.length) base.pStar.validWhen = when;
  base.winner = w.id;
  const off = offRegime(a);
  if (off) diagnostics.push({ severity: 'warning', range: where, code: 'sizes-off-regime', message: off });
  if (a.tied.length) base.tied = a.tied;
  if (a.tiedCount !== undefined) base.tiedCount = a.tiedCount <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(a.tiedCount) : a.tiedCount.toString();
  if (a.runnerUp) base.runnerUp = a.runnerUp.id;
  if (a.nearBoundary !== undefined) base.nearBoundary = a.nearBoundary;
  base.candidateTable = a.tableKind;
  base.candidates = a.table.map((row) => ctx.candidate(row.result, row.status, row.role));
  const range = winnerRange(a);
  if (range.length) base.winnerRange = range;
  base.boundaries = a.boundaries.map((b) => ({
    between: [b.before, b.after],
    where: equationText(b.equation, a.symbols),
    along: b.along,
    // Along d itself the exponent is of the design point's d, written d₀.
    at: `${b.along} = ${b.along === prep.problem!.dim ? `${prep.problem!.dim}₀` : prep.problem!.dim}^${exponentText(b.at.toString())}`,
    exponent: b.at.toString(),
    ...(b.samePStar ? { samePStar: true as const } : {}),
  }));
  if (walksPending(a)) base.pending = 'boundaries';
  notes.push(...resultNotes(a));
  base.derivation = derivation(a, base, ctx, notes);
  return finish();
}

/** Formats monomials of one analysis: text, value at the sizes, exponent of d under the regime. */
class Context {
  private readonly sizes?: Record<string, number>;
  private readonly regime?: Record<string, Rational>;
  constructor(readonly a: Analysis) {
    const rec = <T>(p: Point | undefined, f: (p: Point, i: number) => T) => {
      if (!p) return undefined;
      const r: Record<string, T> = Object.create(null);
      a.symbols.forEach((s, i) => (r[s] = f(p, i)));
      return r;
    };
    if (a.design === 'sizes') this.sizes = rec(sizesOf(a), (p, i) => p.float[i]);
    // Sizes off the regime: no monomial read at the sizes is P* under the regime (offRegime).
    if (!a.offRegime) this.regime = rec(a.regimePoint, (p, i) => p.exact[i]);
  }
  pretty(f: LinForm): string {
    return prettyMonomial(f, this.a.symbols);
  }
  /**
   * Adds the point-dependent part of a monomial to `out`: its exponent of d under the regime, its
   * value at the sizes (no prefactor, not even a numeric κ). A table writes hundreds of these: objects are built in
   * one order of keys, not spread into each other (a spread copy cost more than the formatting).
   */
  point<T extends MonomialResult>(out: T, f: LinForm): T {
    if (this.regime) out.inD = f.evalExact(this.regime).toString();
    if (this.sizes) {
      const ln = f.evalFloat(this.sizes);
      const v = Math.exp(ln);
      if (Number.isFinite(v) && v > 0) out.value = this.round(v);
      else out.log10 = this.round(ln / Math.LN10);
    }
    return out;
  }
  /** roundSig, once per value (rows share most of their values too). */
  private round(v: number): number {
    let r = this.rounded.get(v);
    if (r === undefined) this.rounded.set(v, (r = roundSig(v)));
    return r;
  }
  private readonly rounded = new Map<number, number>();
  monomial(f: LinForm): MonomialResult {
    return this.point({ exponents: f.toExponents(this.a.symbols), text: this.pretty(f) }, f);
  }
  candidate(r: SequenceResult, status: RuleStatus, role?: string): CandidateResult {
    const params: Record<string, ParamResult> = {};
    const bounds: string[] = [];
    for (const p of r.params) {
      const max = this.monomial(p.log);
      if (p.min === undefined) params[p.name] = max;
      // No lower limit from the level: M and D still have their bounds (M >= 1, D >= 1); beta > 0.
      else params[p.name] = { text: `any from ${p.min ? this.pretty(p.min) : p.pattern === 'magnetization' ? '0' : '1'} to ${max.text}`, range: { min: p.min ? this.monomial(p.min) : null, max } };
      if (p.atUpper) bounds.push(`${p.name} = ${this.widthOf(p.layer)}`);
      if (p.atLower) bounds.push(`${p.name} = 1`);
    }
    const branch = r.lazyTarget ? [...bounds, 'lazy path in 1/λ(y)'] : bounds;
    const energy: CandidateResult['energy'] = this.monomial(r.energy);
    energy.branch = branch.length ? branch.join('; ') : 'interior';
    if (r.validWhen.length) energy.validWhen = r.validWhen.map((f) => conditionText(f, this.a.symbols));
    const out: CandidateResult = {
      id: r.id,
      layers: r.sequence,
      energy,
      params,
      activeTerms: r.activeTerms.map((t) => this.term(t)),
      activeBounds: bounds,
      rules: r.rules.map((x) => ({ rule: x.text, status: x.status })),
      status,
    };
    if (role) out.role = role;
    return out;
  }
  private widthOf(layer: number): string {
    const h = this.a.problem.hidden[layer];
    return h.kind === 'dense' ? h.width : h.context;
  }
  private term(t: SequenceResult['activeTerms'][number]): string {
    const order = this.a.symbols;
    const dotted = (f: LinForm) => plainMonomial(f, order).replace(/ /g, '·');
    if (t.kind === 'gfl') return dotted(LinForm.sym(this.widthOf(t.layer)).add(LinForm.sym(t.param!)));
    if (t.kind === 'readout') {
      // A mean-field readout's a_y gains N_last: the term is N_last/λ(y) (read "1/λ(y)", it did not equal E).
      const hidden = this.a.problem.hidden;
      const cost = this.a.problem.readout === 'mean-field' && hidden.length ? `${this.widthOf(hidden.length - 1)}/λ(y)` : '1/λ(y)';
      return t.eigenvalue ? `${cost}, λ(y) ∝ ${this.pretty(t.eigenvalue)}` : cost;
    }
    // The parameter first: "M2·d", "beta·N1/M1".
    return t.eigenvalue ? `${t.param}${t.eigenvalue.isZero() ? '' : `·${this.pretty(t.eigenvalue.neg())}`}` : `${t.param}/λ(φ)`;
  }
}

/** Where a winner named at the reference point wins (docs/method.md, "Where the winner wins"). */
function winsResult(a: Analysis, ctx: Context): WinsResult {
  const r = a.region;
  if (!r) return { kind: 'along-sizes' };
  if (r.kind === 'branch') return { kind: 'formula' };
  if (r.kind === 'region') return { kind: 'region', branch: a.winner!.validWhen.map((f) => conditionText(f, a.symbols)) };
  if (r.kind === 'unknown') return { kind: 'undecided', why: r.why };
  const dim = a.problem.dim;
  const exponents: Record<string, string> = {};
  const at: string[] = [];
  const there: Record<string, Rational> = Object.create(null);
  a.symbols.forEach((s, i) => {
    there[s] = r.at.exact[i];
    if (s === dim) return;
    exponents[s] = r.at.exact[i].toString();
    at.push(`${s} = ${powerText(dim, exponents[s])}`);
  });
  return {
    kind: 'depends',
    at: at.join(', '),
    exponents,
    winner: r.optimum.sequence.join('-'),
    pStar: `κ·${ctx.pretty(r.optimum.form)}`,
    inD: r.optimum.E.toString(),
    formulaInD: a.winner!.energy.evalExact(there).toString(),
  };
}

/**
 * At sizes under a regime the ties are the regime's, and the sizes name the winner among them: the
 * regime's optimum where the rule alone would name another than the winner (sizes on the regime tie
 * them all alike, and the rule names the same one there).
 */
function namedBySizes(a: Analysis): Analysis['regimeOptimum'] {
  const ro = a.regimeOptimum;
  return ro && a.winner && ro.id !== a.winner.id ? ro : undefined;
}

/**
 * Sizes that do not follow the regime can name a winner whose monomial, read under the regime, is
 * not the regime's optimum (analyze's offRegime): says so, with P* under the regime and the sizes
 * that stray from it; undefined where the two agree.
 */
function offRegime(a: Analysis): string | undefined {
  const ro = a.regimeOptimum;
  if (!a.offRegime || !ro || !a.winner) return undefined;
  const dim = a.problem.dim;
  const regime = a.problem.regime ?? {};
  const sizes = a.problem.sizes ?? {};
  const stray: string[] = [];
  for (const [sym, e] of Object.entries(regime)) {
    const n = sizes[sym];
    const d = sizes[dim];
    if (!(n > 0 && d > 1)) continue;
    const at = Math.log(n) / Math.log(d);
    if (Math.abs(at - e.toNumber()) > 0.05) stray.push(`${sym} = ${n} is ${powerText(dim, at)} at ${dim} = ${d}, where the regime says ${powerText(dim, e.toString())}`);
  }
  const others = ro.tiedCount !== undefined && ro.tiedCount > 1n ? ` and ${ro.tiedCount - 1n} more tied` : '';
  return (
    `The sizes do not follow the regime: P* at these sizes, κ·${prettyMonomial(a.winner.energy, a.symbols)} (${sequenceText(a.winner.id)}), is not P* under the regime, ` +
    `which is ∝ ${powerText(dim, ro.inD.toString())} (${sequenceText(ro.id)}${others}); no exponent of ${dim} under the regime is read off the sizes` +
    `${stray.length ? `; ${stray.slice(0, 3).join('; ')}${stray.length > 3 ? `; ${stray.length - 3} more` : ''}` : ''}.`
  );
}

function noPointMessage(dim: string, p: NonNullable<ModelResult['pStar']>, partial: boolean): string {
  const head = partial ? 'The sizes and regime given do not fix every size (above)' : 'No regime and no sizes';
  return (
    `${head}: P* is named for a generic wide network (every width and context ∝ ${dim}^${REFERENCE_EXPONENT}). ` +
    `${winsText(p)}. ${partial ? 'Give the sizes left out' : `Add a regime (e.g. N = ${dim}) or sizes`} to fix the design point.`
  );
}

function sizesOf(a: Analysis): Point | undefined {
  const sizes = a.problem.sizes ?? {};
  if (!a.symbols.every((s) => sizes[s] > 0)) return undefined;
  const float = Float64Array.from(a.symbols, (s) => Math.log(sizes[s]));
  return { float, exact: [] };
}

/** Along each size, the exponents of d between which the winner stays the winner (from the walk). */
function winnerRange(a: Analysis): { along: string; from: string; to: string }[] {
  const out: { along: string; from: string; to: string }[] = [];
  if (!a.base || !a.winner) return out;
  for (const wk of a.walks) {
    const axis = a.symbols.indexOf(wk.along);
    const q0 = a.base.exact[axis];
    const segs = wk.segments;
    const i = segs.findIndex((s) => s.from.cmp(q0) <= 0 && s.to.cmp(q0) >= 0 && s.winner === a.winner!.id);
    if (i < 0) continue;
    let lo = i;
    let hi = i;
    while (lo > 0 && segs[lo - 1].winner === a.winner.id) lo--;
    while (hi < segs.length - 1 && segs[hi + 1].winner === a.winner.id) hi++;
    // Where the walk found no change before its end, the range reaches at least that far ("10+"). A
    // change is a boundary, or another sequence tied with the winner named from there on (the
    // simplest of those tied takes the name).
    const changes = (q: Rational) => hi < segs.length - 1 || wk.crossings.some((c) => c.at.equals(q));
    const to = segs[hi].to;
    out.push({ along: wk.along, from: segs[lo].from.toString(), to: changes(to) ? to.toString() : `${to}+` });
  }
  return out;
}

/** The notes on a result: partial searches, ties, regimes, readouts (exported for tests). */
export function resultNotes(a: Analysis): Note[] {
  const notes: Note[] = [];
  const d = a.problem.dim;
  if (a.inD && a.inD.cmp(Rational.ONE) < 0) {
    notes.push({
      kind: 'counting-floor',
      text: `P* grows as ${d}^${exponentText(a.inD.toString())} under the regime, slower than ${d}: w* has ${d} unknowns, so the counting bound P ≳ ${d} is the stronger lower bound here (exponents compared; prefactors are unknown)`,
    });
  }
  if (a.winner?.crossedLazy) {
    notes.push({
      kind: 'open-question',
      text: 'this result rests on a layer\'s lazy map passing a lower layer\'s spike on at full strength (rule (iii) applied to a spike: a lazy layer, a GFL layer, or the lazy neurons beside a specialist), the least certain rule: whether it holds is an open question that an experiment can settle',
    });
  }
  if (a.unwalked.length) {
    notes.push({ kind: 'partial', text: `no boundaries along ${namesText(a.unwalked)}: the walks stopped at their time budget, ${WALK_BUDGET_MS / 1000} s of the clock (a deep network's walks take longest, and longer on a busy machine); the winner and P* do not depend on them` });
  }
  if (a.unsettled.length) {
    notes.push({ kind: 'partial', text: `the boundaries along ${namesText(a.unsettled)} may be incomplete: the walk there could not follow the optimum exactly (a boundary within about a millionth of the design point, or numbers beyond 2^53); the winner and P* do not depend on them` });
  }
  if (a.runnerUpUnknown) {
    const near = a.nearBoundary ? 'one within a factor 4 of P* was found, so the model is near a phase boundary' : 'so whether the model is near a phase boundary is not known';
    notes.push({ kind: 'partial', text: `no runner-up named: the search for the nearest sequence not tied with the winner gave up (its frontier passed its limit); ${near}. The winner and P* do not depend on it` });
  }
  if (a.problem.readout === 'mean-field') notes.push({ kind: 'mean-field', text: 'mean-field readout: a_y gains N_last; the authors warn that the bound can become vacuous in that limit' });
  if (a.tiedCount !== undefined && a.tiedCount > 1n) {
    const ro = namedBySizes(a);
    const text = ro
      ? `${a.tiedCount} pattern sequences reach the same exponent under the regime; the winner is named at the given sizes, where it is the lowest (under the regime alone the simplest of them, ${sequenceText(ro.id)}, would be named)`
      : `${a.tiedCount} pattern sequences reach the same exponent; the simplest is named (fewer non-lazy layers, then gp < specialization < gfl < magnetization from layer 1)`;
    notes.push({ kind: 'ties', text });
  }
  return notes;
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
    if (l.bias) r.bias = true;
    if (patterns && l.hidden !== undefined) r.pattern = patterns[l.hidden];
    if (l.reason) r.reason = l.reason;
    return r;
  });
}

function featureLines(a: Analysis): string[] {
  const p = a.problem;
  return [
    `Features: φ = w*·x has eigenvalue ${p.dim}^-1 in the input kernel, which is linear (no other degree); each layer maps the vector of degree-j eigenvalues through its activation's Hermite degrees; the target is y = He_${p.degree}(φ).`,
  ];
}

function derivation(a: Analysis, r: ModelResult, ctx: Context, notes: Note[]): string[] {
  const p = a.problem;
  const lines = featureLines(a);
  const L = p.hidden.length;
  lines.push(
    a.tableKind === 'all'
      ? `P* ∝ κ·E_min, E = Σ layer costs + a_y, minimised exactly over every pattern sequence (${r.candidates.length} admissible for ${L} hidden layer${L > 1 ? 's' : ''}).`
      : `P* ∝ κ·E_min, E = Σ layer costs + a_y, minimised exactly layer by layer over all 4^${L} pattern sequences (a Pareto frontier of kernel states at each level E); shown: the winner, ties${a.runnerUp ? ', the runner-up' : ''} and the best sequence of each pattern family${a.runnerUp || a.design === 'sizes' ? '' : ' (the runner-up is searched at numeric sizes, where it says whether the model is near a boundary)'}.`,
  );
  for (const c of r.candidates) {
    const bits = [`${sequenceText(c.id)}${c.role && c.role !== 'winner' ? ` (${c.role})` : ''}: E ∝ ${c.energy.text}`];
    const ps = Object.entries(c.params).map(([k, v]) => paramText(k, v));
    if (ps.length) bits.push(`at ${ps.join(', ')}`);
    if (c.activeTerms?.length) bits.push(`(balance of ${compactRuns(c.activeTerms).join(', ')})`);
    if (c.activeBounds?.length) bits.push(`bound ${compactRuns(c.activeBounds).join(', ')}`);
    lines.push(bits.join(' ') + ` [${c.status}]`);
  }
  const at = a.design === 'sizes' ? 'at the given sizes' : a.design === 'regime' ? 'under the regime' : `for a generic wide network (widths ∝ ${p.dim}^${REFERENCE_EXPONENT}; no regime or sizes given)`;
  const pStar = r.pStar!;
  lines.push(`Winner ${at}: ${sequenceText(r.winner ?? '')}, P* ∝ ${pStar.text}${pStar.inD ? ` = κ·${p.dim}^${exponentText(pStar.inD)}` : ''} [${pStar.status}].`);
  if (pStar.certificate?.checked) lines.push(`Certified exactly: ${pStar.certificate.how}.`);
  const off = offRegime(a);
  if (off) lines.push(off);
  const wins = winsText(pStar);
  if (wins) lines.push(`${wins}.`);
  const tiedHow = namedBySizes(a) ? 'Tied under the regime (same exponent; the winner is named at the given sizes, where it is the lowest)' : 'Tied (same exponent; the simplest pattern is named)';
  if (r.tied?.length) lines.push(`${tiedHow}: ${r.tied.map(sequenceText).join(', ')}${typeof r.tiedCount === 'number' && r.tiedCount > r.tied.length + 1 ? ` and ${r.tiedCount - r.tied.length - 1} more` : ''}.`);
  // At sizes beside a regime it can be one of the regime's ties: say where each holds.
  const alsoTied = r.runnerUp && r.tied?.includes(r.runnerUp) ? ` (at the sizes; tied with the winner under the regime)` : '';
  if (r.runnerUp) lines.push(`Runner-up: ${sequenceText(r.runnerUp)}${a.runnerUp ? `, E ∝ ${ctx.pretty(a.runnerUp.energy)}` : ''}${alsoTied}.`);
  for (const w of groupedRanges(r.winnerRange ?? [], p.dim)) lines.push(`${sequenceText(r.winner ?? '')} stays the winner along ${w.along} ${winsAlongText(w, p.dim)}.`);
  for (const b of r.boundaries) lines.push(`Boundary ${sequenceText(b.between[0])} | ${sequenceText(b.between[1])} at ${compactPlain(b.where)} (along ${b.along}, ${b.at}${samePStarSuffix(b)}).`);
  for (const n of notes) if (n.kind === 'open-question' || n.kind === 'counting-floor') lines.push(`Note: ${n.text}.`);
  lines.push('A necessary-condition scaling (a lower bound on P*) for the equilibrium (Bayesian) picture; exponents only, prefactors unknown.');
  return lines;
}

function roundSig(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  return Number(v.toPrecision(6));
}
