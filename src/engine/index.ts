// The scale analysis (docs/method.md): pure TypeScript, no Node, no VS Code; it also runs in a
// browser worker. This file is the engine's only public entry.
//
// Layer by layer: a pass over the layers at a trial level E keeps the Pareto frontier of kernel
// states (pass.ts); bisection on E finds the optimum, which is then solved exactly along the winning
// sequence (trace.ts) and certified by exact passes (solve.ts). Boundaries are walked piece by piece
// along every size (walk.ts). Cost grows linearly with the number of layers.

export { analyze, walkBoundaries, walksPending, FAMILIES, FULL_TABLE_DEPTH, TIES_LISTED, WALK_BUDGET_MS } from './analyze';
export type { Analysis, AnalyzeOptions, Family, TableRow } from './analyze';
export type { Boundary, Segment } from './walk';
export { boundaryKey } from './walk';
export type { WinningRegion } from './region';
export type { SequenceResult, ParamResult, ActiveTerm } from './sequence';
export { sequenceId } from './sequence';
export type { Certificate, Point } from './solve';
export type { Pattern, Chain } from './chain';
export { PATTERN_ORDER, allSequences, compileChain } from './chain';
export type { ScaleProblem, HiddenSpec, DenseSpec, AttentionSpec } from './problem';
export { sizeSymbols } from './problem';
export { REFERENCE_EXPONENT, LOG_GRID } from './points';
export { RULES, weakest } from './rules';
export type { Rule, RuleStatus } from './rules';
export { activationInfo, knownActivations } from './activation';
export type { ActivationInfo } from './activation';
export { LinForm } from './linform';
export { Rational, R, gcd, lcm } from './rational';
export { levelAt } from './probe';
export { sequenceCurve, optimumCurve, optimumCurveSteps, sequenceLevelAt, curveValue, type OptimumCurve } from './curves';
export type { CurvePiece } from './curves';
export { optimumAt } from './solve';
export { pointOf, pointWith, inUnitsOfD, referencePoint, regimePoint, sizesPoint } from './points';
