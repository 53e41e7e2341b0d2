// The test oracle: the first engine of this project, which enumerated every pattern of every layer
// and solved each candidate's linear program exactly (by its dual-feasible bases). It implements the
// rules as they stood before the degree vector: the phi and y paths only. For odd activations, odd
// target degrees and no biases those rules coincide with the degree vector's, and the property tests
// compare the layer-by-layer engine with it there. Amended to the current rules in one place:
// magnetization is bounded by beta <= N_l.
//
// Candidates ("phases"): one pattern per hidden layer, every combination the rules allow.
// Each candidate's energy is a sum of cost terms, each the cheapest of several monomials
// (an eigenvalue is the larger of its paths, so its inverse is the smaller). Choosing one monomial
// per term gives a "selection", a plain linear program solved by lp.ts.

import { activationInfo } from '../../src/engine/activation';
import { LinForm } from '../../src/engine/linform';
import { solveBranches, type Branch, type LpTerm, type ParamSpec } from './lp';
import { sizeSymbols, type HiddenSpec, type ScaleProblem } from '../../src/engine/problem';
import {
  RULES,
  attentionCost,
  attentionSpecLayer,
  gflCost,
  gflLayer,
  inputSpectrum,
  lazyLayer,
  magLayer,
  perFeatureCost,
  readoutCost,
  specLayer,
  type CostTerm,
  type Rule,
  type Spectrum,
} from './rules';

export type Pattern = 'gp' | 'specialization' | 'gfl' | 'magnetization';

/** Tie order (method.md, section 6). */
export const PATTERN_ORDER: Pattern[] = ['gp', 'specialization', 'gfl', 'magnetization'];

export interface Selection {
  terms: LpTerm[];
  /** For each term, the other monomials it could have used (to state when this choice holds). */
  alternatives: LinForm[][];
  /** The paths each term relies on, in words. */
  paths: string[];
  /** The choice that uses every pattern's own contribution (the branch the paper prints). */
  intended: boolean;
  /** Uses a lazy fallback somewhere a pattern was available. */
  fallback: boolean;
  rules: Rule[];
  branches: Branch[];
}

export interface Candidate {
  id: string;
  patterns: Pattern[];
  params: ParamSpec[];
  /** Which layer each parameter belongs to. */
  paramLayer: Record<string, number>;
  selections: Selection[];
  rules: Rule[];
  nonLazy: number;
  /** The size symbols every float vector is indexed by. */
  symbols: string[];
}

/** Names a pattern parameter after its layer's width: N1 -> M1, N -> M, N_h -> M_h. */
export function paramName(base: 'M' | 'D' | 'beta', layer: HiddenSpec, position: number, hiddenCount: number, uniqueInCandidate: boolean): string {
  if (base === 'beta' && uniqueInCandidate) return 'beta';
  const sym = layer.kind === 'dense' ? layer.width : layer.context;
  if (/^N/.test(sym)) return base + sym.slice(1);
  return base + (hiddenCount > 1 ? String(position + 1) : '');
}

function patternsFor(layer: HiddenSpec): Pattern[] {
  return layer.kind === 'attention' ? ['gp', 'specialization'] : PATTERN_ORDER;
}

export function enumerateAssignments(problem: ScaleProblem): Pattern[][] {
  const out: Pattern[][] = [];
  const rec = (i: number, acc: Pattern[]) => {
    if (i === problem.hidden.length) {
      out.push([...acc]);
      return;
    }
    for (const p of patternsFor(problem.hidden[i])) {
      // Magnetization needs a spiked feature: a lower layer that specialized (method.md, section 3).
      if (p === 'magnetization' && !acc.includes('specialization')) continue;
      acc.push(p);
      rec(i + 1, acc);
      acc.pop();
    }
  };
  rec(0, []);
  return out;
}

export function buildCandidate(problem: ScaleProblem, patterns: Pattern[]): Candidate {
  const m = problem.degree;
  const d = problem.dim;
  const rules = new Map<string, Rule>([[RULES.inputKernel.id, RULES.inputKernel]]);
  const use = (r: Rule) => rules.set(r.id, r);
  let spec: Spectrum = inputSpectrum(d, m);
  const params: ParamSpec[] = [];
  const paramLayer: Record<string, number> = {};
  const costTerms: CostTerm[] = [];
  const magCount = patterns.filter((p) => p === 'magnetization').length;
  let lastSpecLayer = -1;

  problem.hidden.forEach((layer, i) => {
    const pattern = patterns[i];
    if (layer.kind === 'attention') {
      if (pattern === 'specialization') {
        const M = paramName('M', layer, i, problem.hidden.length, false);
        params.push({ name: M, lower: true, upper: layer.context });
        paramLayer[M] = i;
        costTerms.push(attentionCost(M, d, i));
        spec = attentionSpecLayer(spec, M, layer.context, d, i, m);
        use(RULES.attention);
      } else {
        spec = lazyLayer(spec);
        use(RULES.lazy);
      }
      return;
    }
    const act = activationInfo(layer.activation)!;
    const N = layer.width;
    switch (pattern) {
      case 'gp':
        spec = lazyLayer(spec);
        use(RULES.lazy);
        break;
      case 'gfl': {
        const D = paramName('D', layer, i, problem.hidden.length, false);
        params.push({ name: D, lower: true });
        paramLayer[D] = i;
        costTerms.push(gflCost(N, D, i));
        spec = gflLayer(spec, D, m);
        use(RULES.gflCost);
        use(RULES.amplification);
        break;
      }
      case 'specialization': {
        const M = paramName('M', layer, i, problem.hidden.length, false);
        params.push({ name: M, lower: true, upper: N });
        paramLayer[M] = i;
        costTerms.push(perFeatureCost(M, spec.phi, i));
        spec = specLayer(spec, M, N, i, act, m);
        use(RULES.specCost);
        use(RULES.spike);
        lastSpecLayer = i;
        break;
      }
      case 'magnetization': {
        const beta = paramName('beta', layer, i, problem.hidden.length, magCount === 1);
        params.push({ name: beta, lower: false, upper: N });
        paramLayer[beta] = i;
        // Along an already-spiked feature: only the spike paths of phi.
        const spiked = spec.phi.filter((p) => p.layer >= 0);
        costTerms.push(perFeatureCost(beta, spiked, i));
        spec = magLayer(spec, beta, N, i, act, m);
        use(lastSpecLayer === i - 1 ? RULES.magnetization : RULES.magnetizationFar);
        break;
      }
    }
    if (act.status !== 'paper' && pattern !== 'gp') {
      use({ id: `activation-${act.name}`, text: `activation ${act.name}: ${act.degrees}`, status: 'derived' });
    }
  });

  const last = problem.hidden[problem.hidden.length - 1];
  const meanField = problem.readout === 'mean-field' && last ? (last.kind === 'dense' ? last.width : last.context) : undefined;
  costTerms.push(readoutCost(spec.y, problem.hidden.length, meanField));
  use(meanField ? RULES.readoutMeanField : RULES.readout);

  const symbols = sizeSymbols(problem);
  const selections = buildSelections(costTerms, params, symbols);
  return {
    id: patterns.join('-') || 'readout-only',
    patterns,
    params,
    paramLayer,
    selections,
    rules: [...rules.values()],
    nonLazy: patterns.filter((p) => p !== 'gp').length,
    symbols,
  };
}

function buildSelections(costTerms: CostTerm[], params: ParamSpec[], symbols: string[]): Selection[] {
  const out: Selection[] = [];
  // A term with no usable path (no spike to magnetize along) makes the candidate inadmissible.
  if (costTerms.some((t) => !t.options.length)) return out;
  const idx = costTerms.map(() => 0);
  const seen = new Set<string>();
  for (;;) {
    const chosen = costTerms.map((t, i) => t.options[idx[i]]);
    const key = chosen.map((c) => c.form.key()).join(';');
    if (!seen.has(key)) {
      seen.add(key);
      // The intended choice: each term relies on the most recent pattern's path.
      const intended = costTerms.every((t, i) => {
        if (t.options.length <= 1) return true;
        const best = Math.max(...t.options.map((o) => o.path?.layer ?? -1));
        return (chosen[i].path?.layer ?? -1) === best;
      });
      const terms: LpTerm[] = chosen.map((c, i) => ({ form: c.form, label: costTerms[i].label }));
      const fallback = costTerms.some((t, i) => t.options.length > 1 && (chosen[i].path?.layer ?? -1) < 0);
      // A spike made at layer l and used at layer l' > l + 1 crossed the lazy part of the layers between.
      const crossesLazy = costTerms.some((t, i) => {
        const made = chosen[i].path?.layer ?? -1;
        return made >= 0 && made < t.layer - 1;
      });
      const rules: Rule[] = [...(fallback ? [RULES.fallback] : []), ...(crossesLazy ? [RULES.lazyPassesSpike] : [])];
      out.push({
        terms,
        alternatives: costTerms.map((t, i) => t.options.filter((_, k) => k !== idx[i]).map((o) => o.form)),
        paths: chosen.map((c) => c.path?.via ?? ''),
        intended,
        fallback,
        rules,
        branches: solveBranches(terms, params, symbols),
      });
    }
    let k = costTerms.length - 1;
    while (k >= 0 && ++idx[k] >= costTerms[k].options.length) idx[k--] = 0;
    if (k < 0) break;
  }
  return out;
}
