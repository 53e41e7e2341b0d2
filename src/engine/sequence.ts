// What one pattern sequence says at a point, read off its exact trace: the energy and each
// parameter as monomials in the sizes, the region where this branch holds, what binds, and the
// rules it rests on.

import { HEAD_SPECIALIST_POWER, type Chain, type Pattern } from './chain';
import { LinForm } from './linform';
import { RULES, type Rule } from './rules';
import type { Rational } from './rational';
import type { ParamRange, SequenceLevel } from './solve';
import { conditionsAt, formAtLevel } from './trace';

export interface ParamResult {
  /** M1, D2, beta, ... named after the layer's width. */
  name: string;
  layer: number;
  pattern: Pattern;
  /** log of the parameter at the optimum, over the log sizes (the largest value the level allows). */
  log: LinForm;
  /**
   * When the optimum is flat in this parameter: the least value that still reaches E* (null: no
   * lower limit). Absent when the parameter is determined.
   */
  min?: LinForm | null;
  /** M = N (or beta = N) binds. */
  atUpper: boolean;
  /** M = 1 (or D = 1) binds. */
  atLower: boolean;
}

export interface ActiveTerm {
  kind: 'specialization' | 'magnetization' | 'gfl' | 'readout';
  layer: number;
  /** The parameter that pays it (absent for the readout). */
  param?: string;
  /** The eigenvalue it divides by, at the optimum: phi's (spec), the spiked phi's (mag), y's (readout). */
  eigenvalue?: LinForm;
}

export interface SequenceResult {
  sequence: Pattern[];
  /** Pattern names joined by "-". */
  id: string;
  /** P* ∝ kappa times this monomial (its log over the log sizes). */
  energy: LinForm;
  /** The level at the point where it was read. */
  E: Rational;
  params: ParamResult[];
  /** Where this branch holds (forms >= 0 over the log sizes), simplified. */
  validWhen: LinForm[];
  /** The costs that balance at E*. */
  activeTerms: ActiveTerm[];
  rules: Rule[];
  /** Rests on a lazy layer passing a spike on at full strength (the open question). */
  crossedLazy: boolean;
  /** Has a specialization or magnetization, yet the target reaches the readout on the lazy path. */
  lazyTarget: boolean;
}

export function sequenceId(seq: readonly Pattern[]): string {
  return seq.join('-') || 'readout-only';
}

/**
 * Names a pattern parameter after its layer's width: N1 -> M1, N -> M, N_h -> M_h, else by position;
 * by position too where two layers share a width (`sharedWidths`: named after it, two layers' M was
 * one key, and one layer's value was lost).
 */
export function paramName(base: 'M' | 'D' | 'beta', width: string, position: number, hiddenCount: number, uniqueBeta: boolean, sharedWidths = false): string {
  if (base === 'beta' && uniqueBeta) return 'beta';
  if (/^N/.test(width) && !sharedWidths) return base + width.slice(1);
  return base + (hiddenCount > 1 ? String(position + 1) : '');
}

/** Has a specialization or magnetization, yet the target reaches the readout on the lazy path (its spikes unused). */
export function targetOnLazyPath(level: SequenceLevel): boolean {
  const t = level.trace.target;
  return !!t && t.spikeLayer < 0 && level.sequence.some((p) => p === 'specialization' || p === 'magnetization');
}

export function describeSequence(chain: Chain, level: SequenceLevel, ranges?: ParamRange[]): SequenceResult {
  const { trace, form } = level;
  const L = chain.layers.length;
  const mags = level.sequence.filter((p) => p === 'magnetization').length;
  const shared = new Set(chain.layers.map((l) => l.width)).size < L;
  const params: ParamResult[] = trace.params.map((p) => {
    const width = chain.symbols[chain.layers[p.layer].width];
    const base = p.pattern === 'gfl' ? 'D' : p.pattern === 'magnetization' ? 'beta' : 'M';
    const log = formAtLevel(p.log, level.binding, trace.names);
    const r: ParamResult = {
      name: paramName(base, width, p.layer, L, mags === 1, shared),
      layer: p.layer,
      pattern: p.pattern,
      log,
      // A bound binds when the parameter's monomial is the bound's (M = N, beta = N).
      atUpper: p.pattern !== 'gfl' && log.equals(LinForm.sym(width)),
      atLower: p.pattern !== 'magnetization' && log.isZero(),
    };
    const range = ranges?.find((x) => x.layer === p.layer);
    if (range && !(range.min && range.min.equals(range.max))) r.min = range.min ?? null;
    return r;
  });

  const binding = level.tight;
  const validWhen = conditionsAt(trace, level.binding);

  const activeTerms: ActiveTerm[] = [];
  for (const p of params) {
    const t = trace.params.find((q) => q.layer === p.layer)!;
    if (p.pattern === 'gfl') {
      activeTerms.push({ kind: 'gfl', layer: p.layer, param: p.name });
    } else if (!p.atUpper) {
      // The attention head's specialized position costs d^2 (its query-key score), not 1/lambda(phi).
      const head = !chain.layers[t.layer].act;
      const feed = p.pattern === 'specialization' ? trace.phiIn[t.layer] : trace.spikedIn[t.layer];
      const eigenvalue = head ? LinForm.sym(chain.symbols[chain.dim], -HEAD_SPECIALIST_POWER) : feed ? formAtLevel(feed, level.binding, trace.names) : undefined;
      activeTerms.push({ kind: p.pattern === 'specialization' ? 'specialization' : 'magnetization', layer: p.layer, param: p.name, eigenvalue });
    }
  }
  const readout = trace.constraints.find((c) => c.kind === 'readout');
  if (readout && binding.has(readout) && trace.target) activeTerms.push({ kind: 'readout', layer: L, eigenvalue: formAtLevel(trace.target, level.binding, trace.names) });

  const crossedLazy =
    !!trace.target?.crossedLazy ||
    trace.params.some((p) => (p.pattern === 'specialization' ? trace.phiIn[p.layer]?.crossedLazy : p.pattern === 'magnetization' ? trace.spikedIn[p.layer]?.crossedLazy : false));
  return {
    sequence: level.sequence,
    id: sequenceId(level.sequence),
    energy: form,
    E: level.E,
    params,
    validWhen,
    activeTerms,
    rules: rulesOf(chain, level, crossedLazy),
    crossedLazy,
    lazyTarget: targetOnLazyPath(level),
  };
}

function rulesOf(chain: Chain, level: SequenceLevel, crossedLazy: boolean): Rule[] {
  const out = new Map<string, Rule>();
  const use = (r: Rule) => out.set(r.id, r);
  use(RULES.inputKernel);
  const dense = chain.layers.filter((l) => l.act);
  if (dense.some((l) => l.act!.support !== 'odd') || chain.m % 2 === 0 || dense.some((l) => l.spec.kind === 'dense' && l.spec.bias)) use(RULES.degreeVector);
  level.sequence.forEach((p, l) => {
    if (!chain.layers[l].act) {
      use(RULES.attention);
      return;
    }
    if (p === 'gp') use(RULES.lazy);
    if (p === 'specialization') {
      use(RULES.specCost);
      use(RULES.spike);
    }
    if (p === 'gfl') {
      use(RULES.gflCost);
      use(RULES.amplification);
    }
    if (p === 'magnetization') {
      const from = level.trace.spikedIn[l]?.spikeLayer ?? -1;
      use(from === l - 1 ? RULES.magnetization : RULES.magnetizationFar);
      use(RULES.magnetizationBound);
    }
  });
  if (dense.some((l) => l.act!.name !== 'erf')) use(RULES.activation);
  if (dense.some((l) => l.spec.kind === 'dense' && l.spec.bias)) use(RULES.bias);
  use(chain.readoutWidth >= 0 ? RULES.readoutMeanField : RULES.readout);
  if (crossedLazy) use(RULES.lazyPassesSpike);
  return [...out.values()];
}
