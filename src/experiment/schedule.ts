// The order of the runs, as a state machine the runners drive: it hands out the runs that are
// ready, takes their outcomes back, and decides the next level of P for each d. Pure: no threads,
// no clock; a CLI runner, the editor's runner and the tests all drive the same machine.
//
// For each d the grid of P starts at pStart x d and doubles until the mean alignment has levelled
// off (the last doubling raised it by less than a quarter of its value) at least three doublings
// above the onset (the first P where it reaches MIN_PLATEAU), so that the plateau, and alpha with
// it, is read at a comparable place on every d's curve; or until maxRatio x d. Then the grid is
// extended down if the curve starts above alpha, and refined by geometric midpoints around the
// crossing. Every level runs every seed from both starts.

import { pStarOf } from './core/crossing';
import type { RunJob, RunOutcome, Start } from './core/run';
import type { ExperimentPlan, RunRecord } from './types';
import { netSpecAt } from './widths';
import { meanCurve } from './summarize';

export const STARTS: Start[] = ['random', 'aligned'];
/** Below this mean alignment the curve has not started to learn: keep doubling. */
export const MIN_PLATEAU = 0.1;
/** The curve has levelled off when the last doubling raised it by less than this fraction. */
export const FLAT_RISE = 0.25;
/** The plateau is read at least this many times above the onset. */
export const PLATEAU_AFTER_ONSET = 8;

export interface ScheduledJob {
  id: string;
  d: number;
  job: RunJob;
  /** A rough cost (for ordering and progress): P x parameters x sqrt(P / kappa). */
  cost: number;
}

interface DimState {
  d: number;
  levels: number[];
  phase: 'ladder' | 'refine' | 'done';
  refinementsLeft: number;
  notes: string[];
}

export class ExperimentSchedule {
  private readonly dims: DimState[];
  private readonly records = new Map<string, RunRecord>();
  private readonly issued = new Set<string>();
  private readonly pending: ScheduledJob[] = [];

  constructor(readonly plan: ExperimentPlan) {
    this.dims = plan.settings.dims.map((d) => ({ d, levels: [], phase: 'ladder', refinementsLeft: plan.settings.refinements, notes: [] }));
    for (const s of this.dims) this.addLevel(s, Math.max(2, Math.round(plan.settings.pStart * s.d)));
  }

  /** Runs ready to start, most expensive first (the largest d is the critical path). */
  take(max = Infinity): ScheduledJob[] {
    this.pending.sort((a, b) => b.cost - a.cost);
    return this.pending.splice(0, max);
  }

  /** Records an outcome; may add the next level of its d. */
  record(id: string, outcome: RunOutcome): void {
    const [d, P, seed, start] = parseId(id);
    this.records.set(id, { ...outcome, P, seed, start });
    const s = this.dims.find((x) => x.d === d)!;
    if (this.levelDone(s, P)) this.advance(s);
  }

  get done(): boolean {
    return this.dims.every((s) => s.phase === 'done');
  }

  /** Runs issued and runs finished so far (the total grows as levels are added). */
  progress(): { finished: number; issued: number; dimsDone: number } {
    return { finished: this.records.size, issued: this.issued.size, dimsDone: this.dims.filter((s) => s.phase === 'done').length };
  }

  /** Every d with its runs so far, whether it is finished, and what its grid said. */
  dimensions(): { d: number; finished: boolean; runs: RunRecord[]; notes: string[] }[] {
    return this.dims.map((s) => ({
      d: s.d,
      finished: s.phase === 'done',
      runs: this.runsOf(s),
      notes: [...s.notes],
    }));
  }

  private addLevel(s: DimState, P: number): void {
    if (s.levels.includes(P)) return;
    s.levels.push(P);
    const net = netSpecAt(this.plan, s.d);
    const params = net.widths.reduce((acc, n, i) => acc + n * (i ? net.widths[i - 1] : s.d), 0) + net.widths[net.widths.length - 1];
    for (let seed = 1; seed <= this.plan.settings.seeds; seed++)
      for (const start of STARTS) {
        const id = idOf(s.d, P, seed, start);
        this.issued.add(id);
        this.pending.push({
          id,
          d: s.d,
          cost: P * params * Math.sqrt(1 + P / this.plan.settings.kappa),
          job: { net, degree: this.plan.degree, P, seed, start, settings: runSettings(this.plan) },
        });
      }
  }

  private levelDone(s: DimState, P: number): boolean {
    for (let seed = 1; seed <= this.plan.settings.seeds; seed++) for (const start of STARTS) if (!this.records.has(idOf(s.d, P, seed, start))) return false;
    return true;
  }

  private curve(s: DimState) {
    return meanCurve(this.runsOf(s), this.plan.settings.seeds);
  }

  private runsOf(s: DimState): RunRecord[] {
    const out: RunRecord[] = [];
    for (const P of s.levels)
      for (let seed = 1; seed <= this.plan.settings.seeds; seed++)
        for (const start of STARTS) {
          const r = this.records.get(idOf(s.d, P, seed, start));
          if (r) out.push(r);
        }
    return out;
  }

  private advance(s: DimState): void {
    if (!s.levels.every((P) => this.levelDone(s, P))) return;
    const st = this.plan.settings;
    const curve = this.curve(s);
    const sorted = [...s.levels].sort((a, b) => a - b);
    if (s.phase === 'ladder') {
      const top = sorted[sorted.length - 1];
      const at = (P: number) => curve.find((c) => c.P === P)?.alignment ?? NaN;
      const a = at(top);
      const prev = sorted.length > 1 ? at(sorted[sorted.length - 2]) : NaN;
      const onset = sorted.find((P) => at(P) >= MIN_PLATEAU);
      const flat = onset !== undefined && top >= PLATEAU_AFTER_ONSET * onset && Number.isFinite(prev) && a - prev < FLAT_RISE * a;
      if (!flat && 2 * top <= st.maxRatio * s.d) return this.addLevel(s, 2 * top);
      if (!flat) s.notes.push(a >= MIN_PLATEAU ? `the alignment was still rising at the top of the grid (P = ${top} = ${st.maxRatio} d): the plateau, and so alpha, may be underestimated` : `no learning up to P = ${top} (${st.maxRatio} d), the top of the grid`);
      s.phase = 'refine';
    }
    const c = pStarOf(curve).crossing;
    if (c.kind === 'below-grid' && sorted[0] >= 4) return this.addLevel(s, Math.round(sorted[0] / 2));
    if (c.kind === 'crossed' && s.refinementsLeft > 0) {
      const mid = Math.round(Math.sqrt(c.lower * c.upper));
      if (mid > c.lower && mid < c.upper) {
        s.refinementsLeft--;
        return this.addLevel(s, mid);
      }
    }
    s.phase = 'done';
  }
}

export function runSettings(plan: ExperimentPlan): RunJob['settings'] {
  const s = plan.settings;
  return { kappa: s.kappa, burnIn: s.burnIn, sample: s.sample, measurements: s.measurements, integrator: s.integrator, stepFactor: s.stepFactor, maxSteps: s.maxSteps, testSize: s.testSize };
}

export function idOf(d: number, P: number, seed: number, start: Start): string {
  return `${d}|${P}|${seed}|${start}`;
}

export function parseId(id: string): [number, number, number, Start] {
  const [d, P, seed, start] = id.split('|');
  return [Number(d), Number(P), Number(seed), start as Start];
}
