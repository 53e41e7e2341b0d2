// The analysis result as the command line prints it with --json (formats.md, section 4).
// The worker, the editor and the webview all consume this same shape.

import type { Diagnostic, Range, Assumption } from '../model/types';

export type RuleStatus = 'paper' | 'reported' | 'derived';

/** Exponents as reduced fractions ("1/3", "-2/3", "3"); a size with exponent 0 is left out. */
export type Exponents = Record<string, string>;

export interface MonomialResult {
  exponents: Exponents;
  /** The monomial at the numeric sizes (no prefactor); absent without sizes. */
  value?: number;
  /** Exponent of d alone once the regime is applied; absent without a regime. */
  inD?: string;
  /** Human form, e.g. "√(N·d)" or "N^(1/2) d^(1/2)". */
  text?: string;
}

export interface PStarResult extends MonomialResult {
  symbol: 'P*';
  status: RuleStatus;
  /** Set when neither a regime nor sizes fix the design point: where the winner was named. */
  reference?: string;
  /** With `reference`: the conditions under which this P* holds. */
  validWhen?: string[];
}

export interface CandidateResult {
  /** Pattern names joined by "-": "gp-specialization". */
  id: string;
  layers: string[];
  energy: MonomialResult & {
    /** Conditions under which this branch is the active one (no regime, no sizes). */
    validWhen?: string[];
    /** Which branch: "interior", or what binds ("M1 = 1", "lazy path"). */
    branch?: string;
  };
  params: Record<string, MonomialResult>;
  /** The cost terms that balance at the optimum, e.g. ["M2·d", "N2/M2"]. */
  activeTerms?: string[];
  /** Feasibility bounds that bind, e.g. ["M1 = 1"]. */
  activeBounds?: string[];
  /** Status of the weakest rule this candidate uses. */
  status?: RuleStatus;
  /** Rules used, each with its status. */
  rules?: { rule: string; status: RuleStatus }[];
}

export interface BoundaryResult {
  between: [string, string];
  /** Equation in the sizes, e.g. "N1^2 = N2 d". */
  where: string;
  /** Along which size the crossing was found and where it is in units of d, e.g. "N1 = d^(1)". */
  along?: string;
  at?: string;
}

export interface LayerResult {
  type: string;
  width?: string;
  value?: number;
  range?: Range;
  covered?: boolean;
  activation?: string;
  /** The winning candidate's pattern on this layer. */
  pattern?: string;
  reason?: string;
}

export interface ModelResult {
  name: string;
  range?: Range;
  pStar?: PStarResult;
  /** At the sizes, else under the regime, else at the reference point named in pStar.reference. */
  winner?: string;
  tied?: string[];
  nearBoundary?: boolean;
  runnerUp?: string;
  sizes?: Record<string, number>;
  regime?: Record<string, string>;
  layers: LayerResult[];
  candidates: CandidateResult[];
  boundaries: BoundaryResult[];
  notCovered: { layer: number; type: string; reason: string; range?: Range }[];
  assumptions?: Assumption[];
  /** What the analysis assumed or ignored, in words (activations other than erf, ignored layers). */
  notes?: string[];
  /** The derivation in short, one line a step. */
  derivation?: string[];
  diagnostics: Diagnostic[];
}

export interface FileResult {
  file: string;
  models: ModelResult[];
  /** Diagnostics that belong to no valid model (bad JSON, an invalid model). */
  diagnostics?: Diagnostic[];
}

export interface AnalyzeOutput {
  files: FileResult[];
}
