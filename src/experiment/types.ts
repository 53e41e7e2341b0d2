// The experiment's contract: its plan (what to simulate, from a model), its settings, and the
// results file (`<stem>.experiment.json`) that the CLI writes, the exported PyTorch script writes
// too, and the editor loads. Pure types and constants.

import type { Integrator } from './core/langevin';
import type { Readout } from './core/network';
import type { RunOutcome, Start } from './core/run';

export const SCHEMA_VERSION = 1;
export const RESULTS_KIND = 'scaling-lens-experiment';

/** A hidden width as a function of d: round(coefficient x d^exponent). */
export interface WidthLaw {
  symbol: string;
  coefficient: number;
  exponent: number;
  /** Where the law comes from: the regime, the exponent the numeric sizes imply, or the width is d. */
  source: 'regime' | 'sizes' | 'dim';
  /** In words, e.g. "N = d^1.5 (implied by N = 1000 at d = 100)". */
  text: string;
}

export interface HiddenLayerPlan {
  symbol: string;
  activation: string;
  bias: boolean;
}

export interface Predicted {
  /** The predicted exponent of d in P*. */
  inD: number;
  /** Exactly, when the engine gives it under the regime ("1", "5/4"). */
  exact?: string;
  status: string;
  /** P* as the analysis writes it, e.g. "κ·√(N·d)". */
  text?: string;
  /** Where the exponent was read: the regime, or the exponents the sizes imply. */
  from: 'regime' | 'sizes';
}

export interface ExperimentSettings {
  mode: 'quick' | 'full';
  /** Input dimensions to measure (after the width budget). */
  dims: number[];
  seeds: number;
  kappa: number;
  integrator: Integrator;
  /** Burn-in and sampling windows, in prior relaxation times. */
  burnIn: number;
  sample: number;
  measurements: number;
  stepFactor: number;
  testSize: number;
  maxSteps: number;
  /** The budget: the largest width a run may have (a d needing more is dropped, and said). */
  maxWidth: number;
  /** The grid of P: starts at pStart x d and doubles until P* can be read, at most to maxRatio x d. */
  pStart: number;
  maxRatio: number;
  /** Geometric midpoints added around each crossing. */
  refinements: number;
  /** Confidence level of the intervals (bootstrap over seeds). */
  level: number;
  bootstrap: number;
  /** How alpha is defined, in words. */
  alphaRule: string;
  /** Worker threads used (informational). */
  threads?: number;
}

export interface ExperimentPlan {
  model: { name: string; file?: string };
  degree: number;
  readout: Readout;
  hidden: HiddenLayerPlan[];
  widthLaws: WidthLaw[];
  /** sigma_b^2 = coefficient x d^exponent, when a layer has a bias. */
  biasVariance?: { coefficient: number; exponent: number };
  predicted: Predicted;
  settings: ExperimentSettings;
  /** Dimensions left out by the width budget, with why. */
  dropped: { d: number; reason: string }[];
  notes: string[];
}

export interface RunRecord extends RunOutcome {
  P: number;
  seed: number;
  start: Start;
}

export interface CurveRecord {
  P: number;
  /** Mean over seeds of each seed's mean over its two starts. */
  alignment: number;
  /** Over seeds, from random starts and from aligned starts. */
  random: number;
  aligned: number;
  /** Standard error of the mean over seeds. */
  se: number;
}

export interface PointRecord {
  d: number;
  widths: Record<string, number>;
  /** Absent when the curve did not cross alpha on the grid (then `notes` say why). */
  pStar?: number;
  interval?: [number, number];
  alpha: number;
  plateau: number;
  /** P* from the random starts alone and from the aligned starts alone (the hysteresis bracket). */
  pStarRandom?: number;
  pStarAligned?: number;
  /** False when a run diverged, drifted, stopped short, or the two starts disagreed. */
  equilibrated: boolean;
  /** True while the grid of this d is still being measured (partial results). */
  provisional?: boolean;
  notes: string[];
  curve: CurveRecord[];
  runs: RunRecord[];
}

export type Verdict = 'consistent' | 'not-tight' | 'fails' | 'undetermined';

export interface Measured {
  /** The fitted exponent of d (absent with fewer than two points). */
  exponent?: number;
  interval?: [number, number];
  /** log P* = intercept + exponent log d. */
  intercept?: number;
  points: PointRecord[];
  verdict: Verdict;
  /** One sentence that reads the comparison as the theory states it. */
  reading: string;
  /** What limits that reading: smoke test, points not equilibrated, partial results, the counting floor. */
  caveats: string[];
}

export interface ExperimentResults {
  schemaVersion: number;
  kind: typeof RESULTS_KIND;
  status: 'complete' | 'partial' | 'cancelled';
  /** Quick mode: small d and few seeds, a smoke test. */
  smokeTest: boolean;
  model: { name: string; file?: string; degree: number; readout: Readout; hidden: HiddenLayerPlan[]; widths: WidthLaw[]; biasVariance?: { coefficient: number; exponent: number } };
  predicted: Predicted;
  measured: Measured;
  settings: ExperimentSettings;
  dropped: { d: number; reason: string }[];
  notes: string[];
  /** What produced it and where: "scaling-lens 0.1.0 (TypeScript core)", a machine description. */
  producer: string;
  machine?: string;
  seconds?: number;
  createdAt?: string;
}
