// The order of the runs, as a state machine the runners drive: it hands out the runs that are
// ready, takes their outcomes back, and decides the next level of P for each d. Pure: no threads,
// no clock; a CLI runner, the editor's runner and the tests all drive the same machine.
//
// For each d the grid of P starts at pStart x d (halved while it is already above ONSET, so
// that the onset of learning is on the grid) and doubles until P* can be read: its definition
// (core/crossing.ts) needs the curve up to PLATEAU_RATIO x P*; or until maxRatio x d. Then the grid
// is extended down if P* is below it, and refined by geometric midpoints around P*. No prediction
// is used to place the grid. Every level runs every seed from both starts.

import { MIN_PLATEAU, ONSET, PLATEAU_RATIO, pStarOf } from './core/crossing';
import type { RunJob, RunOutcome, Start } from './core/run';
import type { ExperimentPlan, RunRecord } from './types';
import { netSpecAt } from './widths';
import { meanCurve } from './summarize';

export const STARTS: Start[] = ['random', 'aligned'];

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

  /**
   * Runs ready to start, the smallest d first: its points finish early (partial results to draw)
   * and cost little, so the largest d's ladder, the critical path, is hardly delayed.
   */
  take(max = Infinity): ScheduledJob[] {
    this.pending.sort((a, b) => a.d - b.d || a.cost - b.cost);
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
      if (at(sorted[0]) >= ONSET && sorted[0] >= 4) return this.addLevel(s, Math.round(sorted[0] / 2));
      const read = pStarOf(curve).crossing.kind !== 'not-reached';
      if (!read && 2 * top <= st.maxRatio * s.d) return this.addLevel(s, 2 * top);
      if (!read) {
        const best = Math.max(...curve.map((c) => c.alignment).filter(Number.isFinite));
        s.notes.push(best < MIN_PLATEAU ? `no learning up to P = ${top} (${st.maxRatio} d), the top of the grid` : `the grid stopped at P = ${top} (${st.maxRatio} d) before P* could be read (it needs the alignment at ${PLATEAU_RATIO} P*)`);
      }
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

function runSettings(plan: ExperimentPlan): RunJob['settings'] {
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
