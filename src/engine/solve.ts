// The optimum at one point, exact and certified (docs/method.md, "Any depth"):
//  1. bisection on the level E with the floating-point pass finds E* and the simplest sequence there;
//  2. that sequence is followed exactly (trace.ts) and its own balance solved for E: a Newton step
//     on piecewise-linear slacks, each with slope >= 1 in E, lands on the exact breakpoint;
//  3. the certificate: an exact pass at E* finds the sequence feasible, and a pass with every
//     constraint that depends on E made strict finds no sequence at all: nothing is feasible below
//     E*, because every slack grows at least as fast as E.

import { HEAD_SPECIALIST_POWER, PATTERN_ORDER, exactInstance, instance, sameSequence, scaleLevel, type Chain, type Instance, type Pattern } from './chain';
import { leanTrace, type LeanTrace } from './lean';
import { LinForm } from './linform';
import { Passer, applyPattern, inputState, readoutSlack, slackTest, type PassOptions, type PassResult, passerFor } from './pass';
import { Rational, lcm } from './rational';
import { tiesAt, type TieCount } from './ties';
import { HELD, LEVEL, Tracer, atLevel, floatTrace, type Constraint, type Trace } from './trace';

/** A point of log-size space: exact values (regime exponents, or rounded logs) and their floats. */
export interface Point {
  exact: Rational[];
  float: Float64Array;
}

export interface SequenceLevel {
  sequence: Pattern[];
  /** Its least feasible level at the point, exactly. */
  E: Rational;
  /** Its trace at that level. */
  trace: Trace;
  /** The balance that fixes the level, and the level as a monomial in the sizes. */
  binding: Constraint;
  /** Every constraint with no slack at the level (the binding one among them). */
  tight: Set<Constraint>;
  form: LinForm;
}

export interface Certificate {
  checked: boolean;
  how: string;
}

export interface Optimum extends SequenceLevel {
  certificate: Certificate;
  ties?: TieCount;
  /** The ties were counted at E* and the count gave up: counting them again there gives up too. */
  tiesGaveUp?: boolean;
}

const MAX_SAFE_STATE = 2 ** 52;

/** The least feasible level in floating point (bisection), or undefined when none is. */
export function floatLevel(passer: Passer, alphabet?: readonly Pattern[], sequence?: readonly Pattern[], precision = 1e-12): number | undefined {
  const x = passer.inst.x;
  let scale = 1;
  for (const v of x) scale = Math.max(scale, Math.abs(v));
  const eps = 1e-10 * scale;
  const feasible = (E: number) => passer.run({ E, eps, alphabet, sequence }).feasible;
  let hi = scale;
  let n = 0;
  while (!feasible(hi)) {
    if (++n > 60) return undefined;
    hi = hi * 2 + 1;
  }
  let step = scale;
  let lo = hi - step;
  n = 0;
  while (feasible(lo)) {
    if (++n > 60) return undefined;
    step *= 2;
    lo = hi - step;
  }
  for (let i = 0; i < 200 && hi - lo > precision * scale; i++) {
    const mid = (lo + hi) / 2;
    if (feasible(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The simplest sequence feasible at a float level (with the bisection's tolerance). */
export function simplestAt(passer: Passer, E: number, alphabet?: readonly Pattern[]): Pattern[] | undefined {
  let scale = 1;
  for (const v of passer.inst.x) scale = Math.max(scale, Math.abs(v));
  return passer.simplest({ E, eps: 1e-9 * scale, alphabet }).sequence ?? passer.run({ E, eps: 1e-9 * scale, alphabet, best: true }).sequence;
}

/**
 * One sequence's least feasible level, exactly: from a guess, read every constraint's slack and its
 * slope in E just below the current level, jump to the largest root, and repeat until the level
 * stays put (every slack >= 0, a binding one at 0).
 */
export function exactLevel(chain: Chain, point: Point, sequence: Pattern[], guess: number | Rational): SequenceLevel | undefined {
  let E: Rational | undefined = typeof guess === 'number' ? approxLevel(guess, point) : guess;
  if (!E) return undefined;
  try {
    // Lean traces (values and slopes only) for the steps; a full trace where a step lands confirms it.
    let lean = true;
    for (let it = 0; it < 64; it++) {
      const trace = lean ? leanTrace(chain, point.exact, E, sequence) : new Tracer(chain, point.exact, E).trace(sequence);
      if (!trace.target) return undefined;
      let next: Rational | undefined;
      for (const c of trace.constraints) {
        const b = c.slack.slope();
        if (b.sign() <= 0) return undefined;
        const root = E.sub(c.slack.val.div(b));
        if (!next || root.cmp(next) > 0) next = root;
      }
      if (!next) return undefined;
      if (next.equals(E)) {
        if (!isFull(trace)) {
          lean = false;
          continue;
        }
        return withBinding(sequence, E, trace, trace.constraints.filter((c) => c.slack.val.isZero()));
      }
      E = next;
      // As in floatNewton: a step usually lands on the level, so the full trace is made there at once.
      lean = !lean;
    }
  } catch (e) {
    if (e instanceof RangeError) return undefined; // a fraction outgrew exact integers
    throw e;
  }
  return undefined;
}

/**
 * A sequence's interior branch (every parameter interior, every pattern's own contribution used):
 * what a result without a point shows for a candidate. Its level is the readout's balance.
 */
export function interiorLevel(chain: Chain, point: Point, sequence: Pattern[]): SequenceLevel | undefined {
  try {
    let E = Rational.ZERO;
    for (let it = 0; it < 2; it++) {
      const trace = new Tracer(chain, point.exact, E, { interior: true }).trace(sequence);
      const readout = trace.constraints.find((c) => c.kind === 'readout');
      if (!readout) return undefined;
      const slope = readout.slack.slope();
      const form = readout.slack.form.restrict((s) => s !== LEVEL).scale(Rational.ONE.div(slope).neg());
      const at: Record<string, Rational> = Object.create(null);
      chain.symbols.forEach((s, i) => (at[s] = point.exact[i]));
      const level = form.evalExact(at);
      if (it === 1) return { sequence, E: level, trace, binding: readout, tight: new Set(trace.constraints.filter((c) => c.slack.val.isZero())), form };
      E = level;
    }
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
  return undefined;
}

/**
 * A fraction near a float level to start Newton from: under a regime the level is a small fraction;
 * at numeric sizes the logs lie on a fine grid, and the level is near a point of that grid.
 */
function approxLevel(x: number, point: Point): Rational | undefined {
  let scale = 1;
  for (const v of point.float) scale = Math.max(scale, Math.abs(v));
  const Q = point.exact.reduce((q, r) => lcm(q, r.den), 1);
  if (Q > 1e4) return Rational.of(Math.round(x * Q), Q);
  return Rational.approx(x, 1e-9 * scale, 1e6) ?? Rational.approx(x, 1e-6 * scale, 1e4);
}

/** The balance that fixes E: the readout when it binds (the final balance), else the last binding constraint. */
function withBinding(sequence: Pattern[], E: Rational, trace: Trace, tight: Constraint[]): SequenceLevel {
  const b = tight.find((c) => c.kind === 'readout') ?? tight[tight.length - 1];
  const slope = b.slack.slope();
  const rest = b.slack.form.restrict((s) => s !== LEVEL);
  const form = rest.scale(Rational.ONE.div(slope).neg());
  return { sequence, E, trace, binding: b, tight: new Set(tight), form };
}

/**
 * One sequence's least level in floating point, with its exact monomial: the same Newton steps on
 * a floating-point trace (whose forms are still exact), for walks and tables, where speed matters
 * and the level is then the exact monomial evaluated at the exact point.
 */
export function floatLevelOf(chain: Chain, point: Point, sequence: Pattern[], guess: number): SequenceLevel | undefined {
  const r = floatNewton(chain, point, sequence, guess, true);
  if (!r?.trace) return undefined;
  const tight = r.trace.constraints.filter((c) => Math.abs(c.slack.num) <= 10 * r.tol);
  const lvl = withBinding(sequence, Rational.ZERO, r.trace, tight);
  const at: Record<string, Rational> = Object.create(null);
  for (let i = 0; i < chain.symbols.length; i++) at[chain.symbols[i]] = point.exact[i];
  // The level is the exact monomial at the exact point (set on the level made, not a copy of it).
  lvl.E = lvl.form.evalExact(at);
  return lvl;
}

/**
 * Newton on floating-point traces from `guess`: lean traces (values and slopes only) for the steps;
 * with `full`, a full trace (for the forms) where a step lands, which also confirms the level. The
 * level (and, with `full`, that trace), or undefined where Newton does not settle or no constraint
 * is tight at the level.
 */
function floatNewton(chain: Chain, point: Point, sequence: Pattern[], guess: number, full: boolean): { E: number; tol: number; trace?: Trace } | undefined {
  let scale = 1;
  for (const v of point.float) scale = Math.max(scale, Math.abs(v));
  const tol = 1e-9 * scale;
  let E = guess;
  let lean = true;
  for (let it = 0; it < 64; it++) {
    const trace = lean ? leanTrace(chain, point.float, E, sequence) : floatTrace(chain, point.float, E, sequence);
    if (!trace.target) return undefined;
    let next = -Infinity;
    for (const c of trace.constraints) {
      const b = c.slack.slope().toNumber();
      if (b <= 0) return undefined;
      next = Math.max(next, E - c.slack.num / b);
    }
    if (Math.abs(next - E) <= tol) {
      if (full && !isFull(trace)) {
        lean = false;
        continue;
      }
      if (!trace.constraints.some((c) => Math.abs(c.slack.num) <= 10 * tol)) return undefined;
      return { E, tol, trace: isFull(trace) ? trace : undefined };
    }
    E = next;
    // A step from a guess on the level's own branch lands on the level (nearly every call): where a
    // full trace is wanted, it is made there at once and confirms the level as a lean one would.
    // Where it does not, the steps go on lean.
    if (full) lean = !lean;
  }
  return undefined;
}

function isFull(t: Trace | LeanTrace): t is Trace {
  return 'params' in t;
}

/** One exact pass at a rational level (on integers), or undefined when the numbers would not stay exact. */
export function exactPass(chain: Chain, point: Point, E: Rational, o: Omit<PassOptions, 'E' | 'eps' | 'exact' | 'budget'> & { known?: readonly Pattern[] }): PassResult | undefined {
  const inst = exactInstance(chain, point.exact, [E]);
  if (!inst) return undefined;
  const passer = passerFor(inst, true);
  const { simplest, known, ...rest } = o;
  const run = { ...rest, E: scaleLevel(inst, E), eps: 0, exact: true };
  const r = simplest ? passer.simplest(run, known) : passer.run(run);
  return r.maxAbs > MAX_SAFE_STATE ? undefined : r;
}

/**
 * A level just above the optimum (of the alphabet): bisection in floating point, rounded up to a
 * fraction with a small denominator, so that the exact descent from it takes a step or two. (A
 * descent from the lazy sequence's level needs no bisection, but takes many more traces, each
 * costing several passes.)
 */
function upperLevel(chain: Chain, point: Point, alphabet?: readonly Pattern[]): Rational | undefined {
  const passer = passerFor(instance(chain, point.float));
  // Coarse: the exact descent from there takes a step or two, and each pass here costs as much.
  const E = floatLevel(passer, alphabet, undefined, 1e-7);
  if (E === undefined) return undefined;
  let scale = 1;
  for (const v of point.float) scale = Math.max(scale, Math.abs(v));
  return Rational.of(Math.ceil((E + 1e-7 * scale) * 2 ** 16), 2 ** 16);
}

/**
 * The optimum over every sequence (or those of one alphabet) at a point, exact and certified. From
 * a feasible level, take the sequence with the most readout slack, solve its own least level
 * exactly, and ask an exact pass with every E-dependent constraint strict whether anything works
 * below it: if nothing does, that level is the optimum (the certificate); if something does, descend
 * along it. Each step lowers the level, so this ends; it usually takes one or two.
 */
export function optimumAt(chain: Chain, point: Point, options: { alphabet?: readonly Pattern[]; ties?: boolean; start?: Rational } = {}): Optimum | undefined {
  const { alphabet } = options;
  let E0 = options.start;
  let seq = E0 && exactPass(chain, point, E0, { alphabet, best: true })?.sequence;
  if (!seq) {
    E0 = upperLevel(chain, point, alphabet);
    seq = E0 && exactPass(chain, point, E0, { alphabet, best: true })?.sequence;
  }
  if (!E0 || !seq) return floatOptimum(chain, point, options);
  const first = exactLevel(chain, point, seq, E0) ?? solvedFromFloat(chain, point, seq);
  if (!first) return floatOptimum(chain, point, options);
  let best: SequenceLevel & { ties?: TieCount } = first;
  for (let round = 0; round < 64; round++) {
    const below = exactPass(chain, point, best.E, { strict: true, best: true, alphabet });
    if (!below) return { ...best, certificate: UNCERTIFIED };
    if (below.feasible) {
      const lower = exactLevel(chain, point, below.sequence!, best.E) ?? solvedFromFloat(chain, point, below.sequence!);
      if (!lower || lower.E.cmp(best.E) >= 0) return { ...best, certificate: { checked: false, how: 'not certified: a sequence below E* was found but its own level could not be solved exactly' } };
      best = lower;
      continue;
    }
    const own = exactPass(chain, point, best.E, { sequence: best.sequence });
    if (!own?.feasible) return { ...best, certificate: { checked: false, how: 'not certified: the exact pass does not confirm the winner (internal inconsistency)' } };
    const certificate = { checked: true, how: CERTIFIED };
    // The winner is the simplest sequence at that level (the method's simplicity rule).
    let ties: TieCount | undefined;
    let simplest: Pattern[] | undefined;
    if (options.ties) {
      ties = tiesAt(chain, point.exact, best.E, alphabet);
      simplest = ties?.simplest[0];
    }
    simplest ??= exactPass(chain, point, best.E, { simplest: true, alphabet, known: best.sequence })?.sequence;
    if (simplest && !sameSequence(simplest, best.sequence)) {
      const named = exactLevel(chain, point, simplest, best.E);
      if (named && named.E.equals(best.E)) best = named;
    }
    return { ...best, ties, ...(options.ties && !ties ? { tiesGaveUp: true } : {}), certificate };
  }
  return { ...best, certificate: UNCERTIFIED };
}

/**
 * The optimum in floating point (for walks and charts: no certificate), with the winner's exact
 * monomial: the same descent as optimumAt, on floating-point passes and traces.
 */
export function optimumFloat(chain: Chain, point: Point, start?: number, alphabet?: readonly Pattern[]): SequenceLevel | undefined {
  const passer = passerFor(instance(chain, point.float));
  let scale = 1;
  for (const v of point.float) scale = Math.max(scale, Math.abs(v));
  const m = 1e-9 * scale;
  let E0 = start;
  let seq = E0 !== undefined ? passer.run({ E: E0, eps: m, best: true, alphabet }).sequence : undefined;
  if (!seq) {
    // A coarse bisection is enough: the descent below lands on the exact level from there.
    E0 = floatLevel(passer, alphabet, undefined, 1e-4);
    seq = E0 !== undefined ? passer.run({ E: E0, eps: m, best: true, alphabet }).sequence : undefined;
  }
  if (E0 === undefined || !seq) return undefined;
  // The descent's steps need levels only: Newton on lean traces; the last one found is traced in
  // full for its monomial (a full trace of a deep uniform network costs milliseconds).
  let bestSeq: Pattern[] = seq;
  let Eb = leanSequenceLevel(chain, point, seq, E0);
  for (let round = 0; Eb !== undefined && round < 64; round++) {
    if (round === DESCENT_STEPS) {
      // Still descending: many sequences lie close together below (uniform widths), and each step
      // solves one of them. Bisect on feasibility instead (a pass a halving, no solve), and descend
      // from just above the optimum.
      const hi = bisectDown(passer, Eb - 10 * m, 1000 * m, alphabet);
      if (hi === undefined) break;
      const near = passer.run({ E: hi, eps: 0, best: true, alphabet });
      const lower = near.feasible ? leanLevelOf(chain, point, near.sequence!, hi) : undefined;
      if (lower === undefined || lower >= Eb - m) continue;
      [bestSeq, Eb] = [near.sequence!, lower];
    }
    const below = passer.run({ E: Eb - 10 * m, eps: 0, best: true, alphabet });
    if (!below.feasible) break;
    const lower = leanSequenceLevel(chain, point, below.sequence!, Eb, Eb - m);
    if (lower === undefined) break;
    [bestSeq, Eb] = [below.sequence!, lower];
  }
  const best = Eb === undefined ? undefined : (floatLevelOf(chain, point, bestSeq, Eb) ?? sequenceLevel(chain, point, bestSeq, Eb));
  if (!best) return undefined;
  // The winner is the simplest sequence at that level.
  const simplest = passer.simplest({ E: best.E.toNumber() + 10 * m, eps: 0, alphabet }, best.sequence).sequence;
  if (simplest && !sameSequence(simplest, best.sequence)) {
    const named = floatLevelOf(chain, point, simplest, best.E.toNumber());
    if (named && named.E.equals(best.E)) return named;
  }
  return best;
}

/** One sequence's least level in floating point without its monomial: floatLevelOf's level, on lean traces only. */
function leanLevelOf(chain: Chain, point: Point, sequence: Pattern[], guess: number): number | undefined {
  return floatNewton(chain, point, sequence, guess, false)?.E;
}

/**
 * sequenceLevel's level without its monomial: Newton from `guess` where it lands below `below`
 * (when given), else a bisection of that sequence alone; undefined where that is not below either.
 */
function leanSequenceLevel(chain: Chain, point: Point, sequence: Pattern[], guess: number, below?: number): number | undefined {
  const l = leanLevelOf(chain, point, sequence, guess);
  if (l !== undefined && (below === undefined || l < below)) return l;
  const f = floatLevel(passerFor(instance(chain, point.float)), undefined, sequence);
  const e = f === undefined ? undefined : leanLevelOf(chain, point, sequence, f);
  return e !== undefined && (below === undefined || e < below) ? e : undefined;
}

/** Descent steps (a pass and a solve each) before optimumFloat bisects instead. */
const DESCENT_STEPS = 3;

/**
 * A feasible level within `m` above the least feasible one, given a feasible level `E` (undefined
 * when E is not): steps down, doubling, to an infeasible level, then bisects.
 */
function bisectDown(passer: Passer, E: number, m: number, alphabet?: readonly Pattern[]): number | undefined {
  const feasible = (e: number) => passer.run({ E: e, eps: 0, alphabet }).feasible;
  if (!feasible(E)) return undefined;
  let hi = E;
  let step = m;
  let lo = hi - step;
  for (let n = 0; feasible(lo); n++) {
    if (n > 60) return undefined;
    hi = lo;
    step *= 2;
    lo = hi - step;
  }
  while (hi - lo > m) {
    const mid = (lo + hi) / 2;
    if (feasible(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * One sequence's least level in floating point, with its exact monomial: Newton from `guess` when it
 * lands (below `above`, when given), else a bisection of that sequence alone (Newton from a level far
 * away can miss).
 */
export function sequenceLevel(chain: Chain, point: Point, sequence: Pattern[], guess?: number, above?: Rational): SequenceLevel | undefined {
  if (guess !== undefined) {
    const l = floatLevelOf(chain, point, sequence, guess);
    if (l && (!above || l.E.cmp(above) < 0)) return l;
  }
  const f = floatLevel(passerFor(instance(chain, point.float)), undefined, sequence);
  return f === undefined ? undefined : floatLevelOf(chain, point, sequence, f);
}

/** One sequence's exact level from a floating-point bisection of that sequence alone (when Newton from far away does not settle). */
export function solvedFromFloat(chain: Chain, point: Point, sequence: Pattern[]): SequenceLevel | undefined {
  const f = floatLevel(passerFor(instance(chain, point.float)), undefined, sequence);
  return f === undefined ? undefined : exactLevel(chain, point, sequence, f);
}

const CERTIFIED = 'an exact pass finds the winner feasible at E*, and a pass with every E-dependent constraint strict finds no sequence at all';
const UNCERTIFIED: Certificate = { checked: false, how: 'not certified: the exact pass needs numbers beyond 2^52' };

/** Without exact passes (numbers beyond 2^52): bisection in floating point, then the winner's own level exactly. */
function floatOptimum(chain: Chain, point: Point, options: { alphabet?: readonly Pattern[] }): Optimum | undefined {
  const passer = passerFor(instance(chain, point.float));
  const Ef = floatLevel(passer, options.alphabet);
  if (Ef === undefined) return undefined;
  const first = simplestAt(passer, Ef, options.alphabet);
  const best = first && exactLevel(chain, point, first, Ef);
  return best && { ...best, certificate: UNCERTIFIED };
}

/** Parameter ranges: a parameter is flat when lowering it keeps the sequence feasible at E*. */
export interface ParamRange {
  layer: number;
  /** log of the parameter: the greatest value (what the level allows) and the least that still works (undefined: no lower limit). */
  max: LinForm;
  min?: LinForm;
}

/**
 * For each specialization and magnetization of the winner, the least value that still reaches E*
 * with every other parameter as large as the level allows (the projection of the optimal set onto
 * that parameter). Bisection finds it in floating point; the held parameter's own trace then gives
 * it exactly, as the root of the balance it meets.
 */
export function parameterRanges(chain: Chain, point: Point, opt: SequenceLevel): ParamRange[] {
  const out: ParamRange[] = [];
  const inst = instance(chain, point.float);
  const E = opt.E.toNumber();
  let scale = 1;
  for (const v of point.float) scale = Math.max(scale, Math.abs(v));
  const eps = 1e-9 * scale;
  for (const p of opt.trace.params) {
    if (p.pattern === 'gfl') continue; // D's cost is the level itself: never flat below it.
    const maxLog = p.log.num;
    const max = atLevel(p.log.form, opt.form);
    const works = (t: number) => feasibleWith(inst, opt.sequence, E, eps, p.layer, p.pattern, t);
    if (!works(maxLog - 1e-6 * scale)) {
      out.push({ layer: p.layer, max, min: max });
      continue;
    }
    const floor = p.pattern === 'specialization' ? 0 : maxLog - 64 * scale;
    if (works(floor)) {
      out.push({ layer: p.layer, max, min: p.pattern === 'specialization' ? LinForm.ZERO : undefined });
      continue;
    }
    let lo = floor;
    let hi = maxLog;
    for (let i = 0; i < 200 && hi - lo > 1e-12 * scale; i++) {
      const mid = (lo + hi) / 2;
      if (works(mid)) hi = mid;
      else lo = mid;
    }
    out.push({ layer: p.layer, max, min: heldMinimum(chain, point, opt, p.layer, hi) });
  }
  return out;
}

/** The sequence at level E with the parameter of layer `at` held at log value t. */
function feasibleWith(inst: Instance, seq: Pattern[], E: number, eps: number, at: number, pattern: Pattern, t: number): boolean {
  const m = inst.chain.m;
  const ok = slackTest(false, eps);
  const P = new Float64Array(m + 1);
  const Pn = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  let nxt = new Float64Array(m + 1);
  inputState(inst, cur, 0);
  for (let l = 0; l < seq.length; l++) {
    const p = PATTERN_ORDER.indexOf(seq[l]);
    let level = E;
    if (l === at) {
      // A parameter held at t costs t - lambda: it must fit below E, and then it is what the
      // greedy choice gives at the level t - lambda.
      // (The attention head's specialized position costs d^2, not 1/lambda(phi): pass.ts, attention.)
      const feed = !inst.chain.layers[l].act ? -HEAD_SPECIALIST_POWER * inst.x[inst.chain.dim] : pattern === 'specialization' ? cur[1] : cur[0];
      if (t - feed > E + eps || t > inst.n[l] + eps) return false;
      level = t - feed;
    }
    if (!applyPattern(inst, l, p, level, ok, cur, 0, nxt, 0, P, Pn)) return false;
    [cur, nxt] = [nxt, cur];
  }
  return ok(readoutSlack(inst, cur, 0, E));
}

/** The least value exactly: a Newton step on the held parameter's trace from the bisection's value. */
function heldMinimum(chain: Chain, point: Point, opt: SequenceLevel, layer: number, guess: number): LinForm | undefined {
  let t = approxLevel(guess, point);
  if (!t) return undefined;
  try {
    for (let it = 0; it < 64; it++) {
      const trace = new Tracer(chain, point.exact, opt.E, { held: { layer, value: t } }).trace(opt.sequence);
      let next: Rational | undefined;
      let binding: Constraint | undefined;
      for (const c of trace.constraints) {
        const b = c.slack.heldSlope();
        if (b.sign() <= 0) continue;
        const root = t.sub(c.slack.val.div(b));
        if (!next || root.cmp(next) > 0) [next, binding] = [root, c];
      }
      if (!next || !binding) return undefined;
      if (next.equals(t)) {
        const b = binding.slack.heldSlope();
        const rest = binding.slack.form.restrict((s) => s !== HELD).scale(Rational.ONE.div(b).neg());
        return atLevel(rest, opt.form);
      }
      t = next;
    }
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
  return undefined;
}
