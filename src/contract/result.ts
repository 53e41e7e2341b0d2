// The analysis result as the command line prints it with --json (docs/formats.md, section 4).
// The worker, the editor and the webview all consume this same shape.

import type { Diagnostic, Range, Assumption, Note } from '../model/types';

export type { Note } from '../model/types';

export type RuleStatus = 'paper' | 'reported' | 'derived';

/** The version of this document's shape (schemas/analyze-output.schema.json). */
export const SCHEMA_VERSION = 3;

/** Exponents as reduced fractions ("1/3", "-2/3", "3"); a size with exponent 0 is left out. */
export type Exponents = Record<string, string>;

export interface MonomialResult {
  exponents: Exponents;
  /** The monomial at the numeric sizes (no prefactor); absent without sizes. */
  value?: number;
  /** Exponent of d alone once the regime is applied; absent without a regime. */
  inD?: string;
  /** log10 of the value when it is beyond floating point (the value is then absent). */
  log10?: number;
  /** Human form, e.g. "√(N·d)" or "N^(1/2) d^(1/2)". */
  text?: string;
}

export interface PStarResult extends MonomialResult {
  symbol: 'P*';
  /** The status of this exponent (docs/method.md, "The status of a result"). */
  status: RuleStatus;
  /** Set when neither a regime nor sizes fix the design point: where the winner was named. */
  reference?: string;
  /**
   * The conditions under which this monomial is P*. Under a regime or at sizes: the winner's branch
   * there. Without either: present only when the winner is the lowest everywhere in that branch
   * (`wins.kind` "formula"), so that printed conditions never claim more than where it wins.
   */
  validWhen?: string[];
  /** Without a regime or sizes: where the winner wins (docs/formats.md, section 4). */
  wins?: WinsResult;
  /** The proof that this is the optimum at the design point (docs/method.md, "Certificate"). */
  certificate?: { checked: boolean; at: 'sizes' | 'regime' | 'reference'; how: string };
}

/**
 * Where a winner named without a regime or sizes wins. "formula": it (or a sequence tied with it) is
 * the lowest everywhere its formula holds (`validWhen`), decided exactly. "region": it is the lowest
 * exactly on `validWhen`, a convex part of where its formula holds (`branch`; up to 2 hidden layers).
 * "depends": somewhere its formula holds another sequence is lower; one such point (`at`, sizes as powers of d), the winner
 * and P* there (`inD`: its exponent of d there), and this formula's exponent there (`formulaInD`). "along-sizes": deeper than 3 hidden layers, only the range along each size is known
 * (`winnerRange`). "undecided": the exact check gave up, with why.
 */
export type WinsResult =
  | { kind: 'formula' }
  | { kind: 'region'; branch: string[] }
  | { kind: 'depends'; at: string; exponents: Record<string, string>; winner: string; pStar: string; inD: string; formulaInD: string }
  | { kind: 'along-sizes' }
  | { kind: 'undecided'; why: string };

/** A pattern parameter: one monomial, or (flat optimum) the range of values that all reach P*. */
export interface ParamResult extends Partial<MonomialResult> {
  /** Flat optimum: any value from min (null: no lower limit) to max reaches P*; no single exponents then. */
  range?: { min: MonomialResult | null; max: MonomialResult };
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
  params: Record<string, ParamResult>;
  /** Why a deep table shows this row: "winner", "tied", "runner-up", "best with specialization". */
  role?: string;
  /** The cost terms that balance at the optimum, e.g. ["M2·d", "1/λ(y) with λ(y) ∝ M2/N2"]. */
  activeTerms?: string[];
  /** Feasibility bounds that bind, e.g. ["M1 = 1"]. */
  activeBounds?: string[];
  /** The status of this candidate's exponent (paper only for a row the paper states). */
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
  /** The same place for programs: the exponent of d at which `along` crosses, exactly ("21147/65536"). */
  exponent?: string;
  /**
   * The two sides have the same monomial: the winner's name (its pattern of feature learning)
   * changes there, P* does not; `where` is the condition where the new name's branch begins.
   */
  samePStar?: true;
}

export interface LayerResult {
  type: string;
  width?: string;
  value?: number;
  range?: Range;
  covered?: boolean;
  activation?: string;
  /** The layer adds a bias. */
  bias?: boolean;
  /** The winning candidate's pattern on this layer. */
  pattern?: string;
  reason?: string;
}

export interface ModelResult {
  name: string;
  range?: Range;
  /** null: no path of this network can carry the target (see `reason`); absent: not analysed. */
  pStar?: PStarResult | null;
  /** Why pStar is null ("an odd network has no even component ..."). */
  reason?: string;
  /** At the sizes, else under the regime, else at the reference point named in pStar.reference. */
  winner?: string;
  /** The few simplest sequences tied with the winner (same exponent). */
  tied?: string[];
  /** How many sequences reach the winner's exponent, the winner included (a string beyond 2^53). */
  tiedCount?: number | string;
  /**
   * Only in an early result of the worker (the command line never writes it): the walks along the
   * sizes are still running, so `boundaries` and `winnerRange` are not there yet.
   */
  pending?: 'boundaries';
  /** Along each size through the design point: the exponents of d between which the winner stays the winner. */
  winnerRange?: { along: string; from: string; to: string }[];
  /** "all": every candidate sequence; "best": the winner, ties, runner-up and the best of each family. */
  candidateTable?: 'all' | 'best';
  nearBoundary?: boolean;
  runnerUp?: string;
  sizes?: Record<string, number>;
  regime?: Record<string, string>;
  layers: LayerResult[];
  candidates: CandidateResult[];
  boundaries: BoundaryResult[];
  notCovered: { layer: number; type: string; reason: string; range?: Range }[];
  assumptions?: Assumption[];
  /** What a reader must know besides the number (counting floor, open question, ignored layers, ...). */
  notes?: Note[];
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
  schemaVersion: number;
  files: FileResult[];
}
