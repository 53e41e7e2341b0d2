// The scale analysis of one problem: the winner and P* at the design point, exact and certified;
// its ties, runner-up and parameter ranges; a table of candidates (every sequence up to 3 hidden
// layers, the best few and the best of each pattern family deeper); and the phase boundaries along
// every size through the design point. Cost grows linearly with depth.

import { allSequences, compileChain, instance, type Chain, type Pattern } from './chain';
import { passerFor } from './pass';
import { unlearnableReason } from './learnable';
import type { LinForm } from './linform';
import { inUnitsOfD, referencePoint, regimePoint, sizesPoint } from './points';
import type { ScaleProblem } from './problem';
import { Rational } from './rational';
import { describeSequence, sequenceId, targetOnLazyPath, type SequenceResult } from './sequence';
import { exactLevel, floatLevelOf, interiorLevel, optimumAt, optimumFloat, parameterRanges, sequenceLevel, type Certificate, type Point, type SequenceLevel } from './solve';
import { boundaryKey, type Boundary, type Segment } from './walk';
import { optimumCurve } from './curves';
import { paperNetwork, resultStatus } from './status';
import { OVERFLOW, runnerUp } from './runner';
import { winningRegion, type WinningRegion } from './region';
import type { RuleStatus } from './rules';

/** Networks up to this many hidden layers list every candidate sequence. */
export const FULL_TABLE_DEPTH = 3;
/** Tied sequences listed by name (the rest are counted). */
export const TIES_LISTED = 5;

export interface Family {
  /** "lazy", "specialization", ... */
  name: string;
  alphabet: Pattern[];
}

/** Pattern families for deep tables: the best sequence using only these patterns. */
export const FAMILIES: Family[] = [
  { name: 'lazy (GP only)', alphabet: ['gp'] },
  { name: 'specialization', alphabet: ['gp', 'specialization'] },
  { name: 'GFL', alphabet: ['gp', 'gfl'] },
  { name: 'specialization and magnetization', alphabet: ['gp', 'specialization', 'magnetization'] },
  { name: 'GFL and specialization', alphabet: ['gp', 'specialization', 'gfl'] },
];

export interface TableRow {
  result: SequenceResult;
  /** The status of this row's exponent (status.ts). */
  status: RuleStatus;
  /** Why this row is shown, for deep tables: "tied", "runner-up", a family name. */
  role?: string;
}

export interface Analysis {
  problem: ScaleProblem;
  symbols: string[];
  /** Where the winner is named: the numeric sizes, else the regime, else the reference point. */
  design?: 'sizes' | 'regime' | 'reference';
  /** No path carries the target: why (and no number anywhere). */
  unlearnable?: string;
  winner?: SequenceResult;
  /** The status of the winner's exponent (status.ts). */
  status?: RuleStatus;
  certificate?: Certificate;
  /**
   * The winner's energy as an exponent of d under the regime: P* there. At sizes under a regime,
   * only where the winner's monomial at the sizes is the regime's optimum (else `offRegime`).
   */
  inD?: Rational;
  /** The winner's energy at the numeric sizes (natural log). */
  logValue?: number;
  /** Sequences reaching the winner's level (under the regime when there is one), and the simplest few. */
  tiedCount?: bigint;
  tied: string[];
  /**
   * At numeric sizes under a regime: the optimum under the regime alone (its simplest sequence, its
   * exponent of d, how many sequences reach it).
   */
  regimeOptimum?: { id: string; inD: Rational; tiedCount?: bigint };
  /**
   * The sizes do not follow the regime: the winner's monomial at the sizes, read under the regime,
   * is not the regime's optimum there (its branch need not even hold there: N < d at the sizes, N =
   * d^2 under the regime). No `inD`, no ties: P* under the regime is `regimeOptimum`'s.
   */
  offRegime?: boolean;
  runnerUp?: SequenceResult;
  /** The runner-up's energy at the numeric sizes (natural log). */
  runnerUpLogValue?: number;
  nearBoundary?: boolean;
  /**
   * The runner-up search gave up (its frontier passed TIE_PATH_FRONTIER states, or PAIR_FRONTIER
   * pairs of states where the ties could not be counted) before it was sure of the
   * nearest sequence: none is named, and nearBoundary is true if one within a factor 4 was found on
   * the way, else unknown.
   */
  runnerUpUnknown?: boolean;
  table: TableRow[];
  tableKind: 'all' | 'best';
  boundaries: Boundary[];
  /** Along each size, the pieces of the optimum through the base point (exponents of d) and the boundaries crossed. */
  walks: { along: string; segments: Segment[]; crossings: Boundary[] }[];
  /** Sizes not walked: the walks' time budget ran out first (deep networks with many ties). */
  unwalked: string[];
  /**
   * Sizes whose walk could not follow the optimum exactly on one side or both (a boundary within
   * about a millionth of the base point, or numbers beyond exact integers): partial or no boundaries.
   */
  unsettled: string[];
  /**
   * Without a regime or sizes, up to FULL_TABLE_DEPTH hidden layers: whether the winner is lowest
   * everywhere its formula holds (region.ts). Deeper, the walks give its range along each size.
   */
  region?: WinningRegion;
  /** What was missing for a point, in words. */
  missing: string[];
  /** The point the results were read at, in units of d (for charts and boundaries). */
  base?: Point;
  regimePoint?: Point;
}

export interface AnalyzeOptions {
  /**
   * Walk every size for boundaries (default true); `later`: not now, but walkBoundaries(analysis)
   * can walk them afterwards (the rest of the analysis is then shown while the walks run).
   */
  boundaries?: boolean | 'later';
  /** Decide where the winner wins without a regime or sizes (default true). */
  region?: boolean;
  /** Build the candidate table (default true). */
  table?: boolean;
  /**
   * Time for the walks, in ms (default WALK_BUDGET_MS): sizes left when it runs out are listed in
   * `unwalked`. The winner, P* and its certificate do not depend on it.
   */
  walkBudgetMs?: number;
}

/** The walks stop starting new sizes after this long: a deep network with many ties can take seconds a size. */
export const WALK_BUDGET_MS = 2000;

export function analyze(problem: ScaleProblem, options: AnalyzeOptions = {}): Analysis {
  const chain = compileChain(problem);
  const symbols = chain.symbols;
  const out: Analysis = { problem, symbols, tied: [], table: [], tableKind: chain.layers.length <= FULL_TABLE_DEPTH ? 'all' : 'best', boundaries: [], walks: [], unwalked: [], unsettled: [], missing: [] };
  const reason = unlearnableReason(chain);
  if (reason) {
    out.unlearnable = reason;
    return out;
  }
  const reg = regimePoint(problem, symbols);
  const num = sizesPoint(problem, symbols);
  if (problem.regime && reg.missing.length) out.missing.push(`the regime does not tie ${reg.missing.join(', ')} to ${problem.dim}`);
  if (problem.sizes && num.missing.length) out.missing.push(`no numeric value for ${num.missing.join(', ')}`);
  out.regimePoint = reg.point;
  const design = num.point ?? reg.point ?? referencePoint(problem, symbols);
  out.design = num.point ? 'sizes' : reg.point ? 'regime' : 'reference';

  // Ties are about exponents: read them under the regime when there is one.
  const tiePoint = reg.point ?? design;
  const opt = optimumAt(chain, design, { ties: tiePoint === design });
  if (!opt) {
    out.unlearnable = 'no pattern sequence reaches the target at these sizes';
    return out;
  }
  out.certificate = opt.certificate;
  out.winner = describeSequence(chain, opt, parameterRanges(chain, design, opt));
  const formulaInD = reg.point && opt.form.evalExact(pointRecord(symbols, reg.point));
  if (num.point) out.logValue = opt.form.evalFloat(floatRecord(symbols, num.point));
  const tieOpt = tiePoint === design ? opt : optimumAt(chain, tiePoint, { ties: true });
  // At sizes under a regime, the ties are read under the regime, and they (and the winner's monomial
  // as an exponent of d there) are the winner's only where that monomial is the regime's optimum:
  // sizes off the regime (N1 = 100 at d = 784 where the regime says N1 = d^2) can name a winner on
  // a branch that lies above the optimum there, or that does not even hold there and reads below it.
  const onRegime = !!tieOpt && (tiePoint === design || (formulaInD !== undefined && formulaInD.equals(tieOpt.E)));
  if (formulaInD && onRegime) out.inD = formulaInD;
  if (tieOpt && tiePoint !== design) {
    out.regimeOptimum = { id: sequenceId(tieOpt.sequence), inD: tieOpt.E, ...(tieOpt.ties ? { tiedCount: tieOpt.ties.count } : {}) };
    if (!onRegime) out.offRegime = true;
  }
  if (tieOpt?.ties && onRegime) {
    out.tiedCount = tieOpt.ties.count;
    out.tied = tieOpt.ties.simplest.map(sequenceId).filter((id) => id !== out.winner!.id);
  }
  // A paper row tied with the winner keeps the exponent the paper's (the proportional regime), where
  // the exponent is the result. At sizes the result is the winner's own monomial and its value
  // there, which a paper row tied with it under the regime does not make the paper's (GFL-Spec's
  // √(N1 d) at N1 = 100, d = 1000 was marked paper from GP-Spec's √(N2 d) = d under N1 = N2 = d).
  const tiedForms = tieOpt?.ties && onRegime && tiePoint === design && paperNetwork(chain)
    ? tieOpt.ties.simplest.flatMap((seq) => {
        const l = exactLevel(chain, tiePoint, seq, tieOpt.E);
        return l && l.E.equals(tieOpt.E) ? [{ sequence: seq, energy: l.form }] : [];
      })
    : [];
  out.status = resultStatus(chain, { sequence: opt.sequence, energy: opt.form }, tiedForms);
  if (out.design === 'reference' && chain.layers.length <= FULL_TABLE_DEPTH && options.region !== false) {
    out.region = winningRegion(chain, opt.sequence, opt.form, out.winner.validWhen);
  }

  // The full table comes first (the runner-up is read off it); a deep one after the runner-up,
  // which is one of its rows.
  if (out.tableKind === 'all') out.table = table(chain, design, out);
  // The runner-up: from the full table when there is one; deeper, searched layer by layer where it
  // matters (at numeric sizes, where a runner-up within a factor 4 marks the model near a boundary).
  let runner: SequenceResult | undefined;
  if (out.tableKind === 'all' && out.design === 'reference') runner = nearestAbove(chain, design, opt);
  else if (out.tableKind === 'all') runner = out.table.map((r) => r.result).filter((r) => r.E.cmp(opt.E) > 0).sort((x, y) => x.E.cmp(y.E))[0];
  else if (num.point) {
    const r = runnerUp(chain, design, opt.E, tiePoint === design ? { ties: tieOpt?.ties, tiesGaveUp: tieOpt?.tiesGaveUp } : {});
    if (r === OVERFLOW) out.runnerUpUnknown = true;
    else if (r?.nearest) runner = describeSequence(chain, r.level);
    else if (r) {
      // A sequence above the winner, not surely the nearest: it can show the model is near a
      // boundary, never that it is not.
      out.runnerUpUnknown = true;
      if (r.level.form.evalFloat(floatRecord(symbols, num.point)) - out.logValue! <= Math.log(4)) out.nearBoundary = true;
    }
  }
  if (runner) {
    out.runnerUp = runner;
    if (num.point) {
      const v = runner.energy.evalFloat(floatRecord(symbols, num.point));
      out.runnerUpLogValue = v;
      out.nearBoundary = v - out.logValue! <= Math.log(4);
    }
  } else if (num.point && !out.runnerUpUnknown) out.nearBoundary = false;
  if (out.tableKind === 'best' && options.table !== false) out.table = table(chain, design, out);
  if (options.table === false) out.table = [];

  const base = out.design === 'sizes' ? inUnitsOfD(design, chain.dim) : design;
  out.base = base;
  if (base && options.boundaries !== false) {
    // Every cost is homogeneous in the log sizes, so the winner at the sizes is the winner at the
    // same sizes in units of d: only its level is read again there.
    const start = base === design ? opt : (floatLevelOf(chain, base, opt.sequence, opt.E.toNumber() / design.float[chain.dim]) ?? optimumAt(chain, base));
    if (start && options.boundaries === 'later') deferred.set(out, { chain, start });
    else if (start) walkAll(chain, base, start, out, options.walkBudgetMs ?? WALK_BUDGET_MS);
  }
  return out;
}

/**
 * The runner-up at the reference point, from each sequence's own level there: the table shows each
 * candidate's interior branch, whose level can lie above the sequence's (Spec-Mag's ∛(N1 N2 d) =
 * d^(5/3) at N1 = N2 = d^2, where it reaches √(N1 d) = d^(3/2), tied with the winner), and the
 * runner-up named from those rows was a tied sequence.
 */
function nearestAbove(chain: Chain, design: Point, opt: SequenceLevel): SequenceResult | undefined {
  let best: SequenceLevel | undefined;
  for (const seq of allSequences(chain)) {
    const lvl = sequenceLevel(chain, design, seq, opt.E.toNumber());
    if (lvl && lvl.E.cmp(opt.E) > 0 && (!best || lvl.E.cmp(best.E) < 0)) best = lvl;
  }
  return best && describeSequence(chain, best);
}

/** Walks an analysis made with `boundaries: 'later'` needs: its chain and the winner's level at the base point. */
const deferred = new WeakMap<Analysis, { chain: Chain; start: SequenceLevel }>();

/**
 * The walks of an analysis made with `boundaries: 'later'`: fills its boundaries, walks and
 * unwalked sizes as `analyze` would have. Once; false where there was nothing to walk (no base
 * point, or not deferred, or already walked).
 */
export function walkBoundaries(a: Analysis, budgetMs = WALK_BUDGET_MS): boolean {
  const d = deferred.get(a);
  if (!d || !a.base) return false;
  deferred.delete(a);
  walkAll(d.chain, a.base, d.start, a, budgetMs);
  return true;
}

/** Whether the analysis still has its walks to do (made with `boundaries: 'later'`). */
export function walksPending(a: Analysis): boolean {
  return deferred.has(a);
}

function pointRecord(symbols: string[], p: Point): Record<string, Rational> {
  const r: Record<string, Rational> = Object.create(null);
  symbols.forEach((s, i) => (r[s] = p.exact[i]));
  return r;
}
function floatRecord(symbols: string[], p: Point): Record<string, number> {
  const r: Record<string, number> = Object.create(null);
  symbols.forEach((s, i) => (r[s] = p.float[i]));
  return r;
}

function table(chain: Chain, design: Point, a: Analysis): TableRow[] {
  const rows: TableRow[] = [];
  // A sequence tied with the winner may not use all its patterns, nor one whose target reaches the
  // readout on the lazy path (its spike unused: "M2* ∝ d" where any M2 from 1 reaches its level):
  // those parameters are given as ranges.
  const described = (lvl: SequenceLevel, ranged: boolean) => describeSequence(chain, lvl, ranged || targetOnLazyPath(lvl) ? parameterRanges(chain, design, lvl) : undefined);
  const at = (seq: Pattern[]) => {
    // Without a point, each candidate shows its interior branch (its own formula, as the paper's
    // tables give it) with the conditions where it holds. Some interior branches hold only on a
    // boundary ("N1 >= d, N1 <= d": the lazy layer's own term against the spike it passes): a formula
    // for a set of no width says nothing, so such a row shows the branch at the reference point.
    if (a.design === 'reference') {
      const lvl = interiorLevel(chain, design, seq);
      const r = lvl && described(lvl, false);
      if (r && !onlyOnABoundary(r.validWhen)) return r;
    }
    // Newton from the optimum's level usually lands on the sequence's own; a bisection otherwise.
    const lvl = sequenceLevel(chain, design, seq, a.winner!.E.toNumber());
    if (!lvl) return undefined;
    return described(lvl, lvl.E.equals(a.winner!.E));
  };
  const row = (result: SequenceResult, role?: string): TableRow => ({ result, status: resultStatus(chain, { sequence: result.sequence, energy: result.energy }), ...(role ? { role } : {}) });
  if (a.tableKind === 'all') {
    for (const seq of allSequences(chain)) {
      const r = sequenceId(seq) === a.winner!.id && a.design !== 'reference' ? a.winner! : at(seq);
      if (r) rows.push(row(r));
    }
    return rows;
  }
  rows.push(row(a.winner!, 'winner'));
  const seen = new Set([a.winner!.id]);
  for (const id of a.tied) {
    const r = at(id.split('-') as Pattern[]);
    if (r && !seen.has(r.id)) rows.push(row(r, 'tied')), seen.add(r.id);
  }
  if (a.runnerUp && !seen.has(a.runnerUp.id)) rows.push(row(a.runnerUp, 'runner-up')), seen.add(a.runnerUp.id);
  // Each family's best lies at or above the winner's level: its descent starts from the first of
  // E* + 1/4, 1, 4, 16 where the family is feasible (one pass each), not from a bisection (a dozen).
  const passer = passerFor(instance(chain, design.float));
  const Estar = a.winner!.E.toNumber();
  for (const f of FAMILIES) {
    // A family that has the winner's patterns has the winner as its best (nothing in it is lower,
    // nothing simpler reaches the level): nothing new to show.
    if (a.winner!.sequence.every((p) => f.alphabet.includes(p))) continue;
    let o: SequenceLevel | undefined;
    if (f.alphabet.length === 1) {
      // One pattern, one sequence: its own level, solved from the winner's (above it), no search.
      o = sequenceLevel(chain, design, chain.layers.map(() => f.alphabet[0]), Estar);
    } else {
      let start: number | undefined;
      for (let d = 1 / 4; d <= 16 && start === undefined; d *= 4) if (passer.run({ E: Estar + d, eps: 0, alphabet: f.alphabet }).feasible) start = Estar + d;
      o = optimumFloat(chain, design, start, f.alphabet);
    }
    if (!o) continue;
    const r = describeSequence(chain, o);
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    rows.push(row(r, `best with ${f.name}`));
  }
  return rows;
}

/**
 * Walks every size through the base point, from d^0 to d^max(10, 2q+2), to the first change of
 * winner on each side: the nearest boundaries and the winner's range along each size (a chart walks
 * the whole range).
 */
function walkAll(chain: Chain, base: Point, start: SequenceLevel, a: Analysis, budgetMs: number): void {
  const t0 = Date.now();
  // d is walked first: where the budget runs out (a deep network with many ties), the sizes left are
  // the last widths, not the input dimension every result is stated in. The walks are listed in the
  // symbols' order all the same.
  const order = [chain.dim, ...chain.symbols.map((_, axis) => axis).filter((axis) => axis !== chain.dim)];
  const walked: (ReturnType<typeof optimumCurve> | undefined)[] = [];
  for (const axis of order) {
    if (Date.now() - t0 > budgetMs) continue;
    const qMax = Rational.of(Math.max(10, Math.ceil(2 * base.float[axis] + 2)));
    walked[axis] = optimumCurve(chain, base, axis, qMax, start, true, t0 + budgetMs);
  }
  const seen = new Set<string>();
  chain.symbols.forEach((sym, axis) => {
    const w = walked[axis];
    if (!w || w.cut) a.unwalked.push(sym);
    else if (w.unsettled) a.unsettled.push(sym);
    if (!w?.segments.length) return;
    const { segments, crossings } = w;
    a.walks.push({ along: sym, segments, crossings });
    for (const b of crossings) {
      const key = boundaryKey(b);
      if (seen.has(key)) continue;
      seen.add(key);
      a.boundaries.push(b);
    }
  });
}

/**
 * Conditions (forms >= 0) two of which point opposite ways (f >= 0 and f <= 0): they hold only on
 * f = 0; or one with no positive term ("d <= 1"), which holds only where its sizes are 1 (an
 * attention head at degree 1: "M* ∝ 1/d when d <= 1").
 */
function onlyOnABoundary(conditions: readonly LinForm[]): boolean {
  if (conditions.some((f) => f.symbols().length > 0 && f.symbols().every((s) => f.get(s).sign() < 0))) return true;
  return conditions.some((f, i) => {
    const [sym] = f.symbols();
    if (sym === undefined) return false;
    return conditions.some((g, j) => {
      if (j <= i || g.get(sym).isZero()) return false;
      const ratio = f.get(sym).div(g.get(sym)).neg();
      return ratio.sign() > 0 && f.add(g.scale(ratio)).isZero();
    });
  });
}
