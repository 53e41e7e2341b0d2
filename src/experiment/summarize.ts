// From runs to results: the alignment curve of each d, its P* with a bootstrap interval over
// seeds, the flags that say whether it equilibrated, and the fitted exponent.

import { crossing, MIN_PLATEAU, PLATEAU_RATIO, pStarOf, type CurvePoint } from './core/crossing';
import { logLogSlope, percentileInterval, resample } from './core/fit';
import { hashSeed, Rng } from './core/rng';
import type { CurveRecord, Measured, PointRecord, RunRecord } from './types';

/** Random and aligned starts that differ by more than this (and 3 standard errors) show hysteresis. */
export const HYSTERESIS_TOLERANCE = 0.1;

/** Per seed and P: the mean over its starts that did not diverge (NaN when none). */
function seedValues(runs: RunRecord[], P: number, seeds: number, start?: string): number[] {
  const out: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const v = runs.filter((r) => r.P === P && r.seed === seed && (!start || r.start === start) && !r.diverged).map((r) => r.alignment);
    out.push(v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  }
  return out;
}

const mean = (v: number[]) => {
  const f = v.filter(Number.isFinite);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
};

export function meanCurve(runs: RunRecord[], seeds: number): CurveRecord[] {
  const Ps = [...new Set(runs.map((r) => r.P))].sort((a, b) => a - b);
  return Ps.map((P) => {
    const v = seedValues(runs, P, seeds).filter(Number.isFinite);
    const m = mean(v);
    const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / (v.length - 1)) : NaN;
    return { P, alignment: m, random: mean(seedValues(runs, P, seeds, 'random')), aligned: mean(seedValues(runs, P, seeds, 'aligned')), se: sd / Math.sqrt(Math.max(1, v.length)) };
  });
}

/** P* of a curve built from the seeds `pick` (indices into 1..seeds, with repeats). */
function pStarFromSeeds(table: Map<number, number[]>, pick: number[]): number | undefined {
  const curve: CurvePoint[] = [];
  for (const [P, values] of table) {
    const m = mean(pick.map((i) => values[i]));
    if (Number.isFinite(m)) curve.push({ P, alignment: m });
  }
  const c = pStarOf(curve).crossing;
  return c.kind === 'crossed' ? c.pStar : undefined;
}

export interface PointInput {
  d: number;
  widths: Record<string, number>;
  runs: RunRecord[];
  finished: boolean;
  notes: string[];
}

/** One d's point: curve, P*, flags; `replicates` receives this d's bootstrap P* values (undefined = no crossing). */
export function summarizePoint(input: PointInput, seeds: number, level: number, bootstrap: number, replicates: (number | undefined)[] = []): PointRecord {
  const curve = meanCurve(input.runs, seeds);
  const { alpha, plateau, crossing: c } = pStarOf(curve.filter((p) => Number.isFinite(p.alignment)));
  const notes = [...input.notes];
  const table = new Map<number, number[]>();
  for (const p of curve) table.set(p.P, seedValues(input.runs, p.P, seeds));
  const rng = new Rng(hashSeed('bootstrap', input.d));
  for (let b = 0; b < bootstrap; b++) replicates.push(pStarFromSeeds(table, resample(seeds, rng)));
  const interval = c.kind === 'crossed' ? percentileInterval(replicates.filter((x): x is number => x !== undefined), level) : undefined;
  const missing = replicates.filter((x) => x === undefined).length;
  if (c.kind === 'crossed' && missing) notes.push(`${missing} of ${bootstrap} bootstrap replicates did not cross alpha`);
  if (c.kind === 'below-grid') notes.push(`the alignment is above alpha at the smallest P (${curve[0]?.P}): P* is below the grid`);
  if (c.kind === 'not-reached' && curve.length)
    notes.push(!(plateau >= MIN_PLATEAU) ? `no learning: the mean alignment stayed below ${MIN_PLATEAU} at every P where P* could be read` : `P* could not be read on the grid: it needs the alignment at ${PLATEAU_RATIO} P*`);
  const byStart = (start: 'random' | 'aligned') => {
    const k = crossing(curve.map((p) => ({ P: p.P, alignment: p[start] })).filter((p) => Number.isFinite(p.alignment)), alpha);
    return k.kind === 'crossed' ? k.pStar : undefined;
  };
  const flags = equilibrationNotes(input.runs, seeds);
  notes.push(...flags);
  return {
    d: input.d,
    widths: input.widths,
    ...(c.kind === 'crossed' ? { pStar: c.pStar } : {}),
    ...(interval ? { interval } : {}),
    alpha,
    plateau,
    ...(byStart('random') !== undefined ? { pStarRandom: byStart('random') } : {}),
    ...(byStart('aligned') !== undefined ? { pStarAligned: byStart('aligned') } : {}),
    equilibrated: flags.length === 0,
    ...(input.finished ? {} : { provisional: true }),
    notes,
    curve,
    runs: input.runs,
  };
}

/** What kept a point from equilibrium: divergences, runs that stopped short or drifted, hysteresis. */
export function equilibrationNotes(runs: RunRecord[], seeds: number): string[] {
  const notes: string[] = [];
  // A run that failed (its worker's error: memory it could not have) did not diverge: said apart,
  // with the error (every run of a d of 80,000 failed, and read "18 run(s) diverged").
  const failed = runs.filter(runFailed);
  if (failed.length) notes.push(`${failed.length} run(s) failed (${failureOf(failed[0])}): ${failed.map((r) => `P = ${r.P}, seed ${r.seed}, ${r.start}`).join('; ')}`);
  const diverged = runs.filter((r) => r.diverged && !runFailed(r));
  if (diverged.length) notes.push(`${diverged.length} run(s) diverged: ${diverged.map((r) => `P = ${r.P}, seed ${r.seed}, ${r.start}`).join('; ')}`);
  const unsettled = runs.filter((r) => !r.diverged && !r.equilibrated);
  if (unsettled.length) notes.push(`${unsettled.length} run(s) did not equilibrate (drift or step budget): ${unsettled.map((r) => `P = ${r.P}, seed ${r.seed}, ${r.start}`).join('; ')}`);
  const hyst: string[] = [];
  for (const P of [...new Set(runs.map((r) => r.P))].sort((a, b) => a - b))
    for (let seed = 1; seed <= seeds; seed++) {
      const r = runs.find((x) => x.P === P && x.seed === seed && x.start === 'random');
      const a = runs.find((x) => x.P === P && x.seed === seed && x.start === 'aligned');
      if (!r || !a || r.diverged || a.diverged) continue;
      const gap = Math.abs(r.alignment - a.alignment);
      if (gap > HYSTERESIS_TOLERANCE && gap > 3 * Math.hypot(r.se, a.se)) hyst.push(`P = ${P}, seed ${seed} (random ${r.alignment.toFixed(2)}, aligned ${a.alignment.toFixed(2)})`);
    }
  if (hyst.length) notes.push(`not equilibrated: random and aligned starts disagree (hysteresis) at ${hyst.join('; ')}`);
  return notes;
}

/** The measured exponent over the points that crossed, with its bootstrap interval. */
export function fitPoints(points: PointRecord[], replicates: Map<number, (number | undefined)[]>, level: number): Pick<Measured, 'exponent' | 'interval' | 'intercept'> {
  const used = points.filter((p) => p.pStar !== undefined);
  const fit = logLogSlope(used.map((p) => p.d), used.map((p) => p.pStar!));
  if (!fit) return {};
  const B = Math.min(...used.map((p) => replicates.get(p.d)?.length ?? 0));
  const slopes: number[] = [];
  for (let b = 0; b < B; b++) {
    const ds: number[] = [], ps: number[] = [];
    for (const p of used) {
      const v = replicates.get(p.d)![b];
      if (v !== undefined) {
        ds.push(p.d);
        ps.push(v);
      }
    }
    const f = ds.length >= 2 ? logLogSlope(ds, ps) : undefined;
    if (f) slopes.push(f.slope);
  }
  const interval = percentileInterval(slopes, level);
  return { exponent: fit.slope, intercept: fit.intercept, ...(interval ? { interval } : {}) };
}

/** Before a run's note where its worker failed (src/experiment/run/runner.ts writes it). */
export const FAILED = 'failed: ';

/** Why a run did not run to its end, where its worker failed; undefined for a run that ran. */
export function failureOf(r: { note?: string }): string | undefined {
  return r.note?.startsWith(FAILED) ? r.note.slice(FAILED.length) : undefined;
}

/** A run that did not run to its end because its worker failed. */
export function runFailed(r: { note?: string }): boolean {
  return failureOf(r) !== undefined;
}
