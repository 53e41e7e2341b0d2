// The chart panel's plot builder behind a message channel. The webview runs it in a Web Worker
// (webview/plotWorker.ts) so that building a deep network's charts (a second for 128 layers of one
// width) and walking its phase diagram (tens of seconds, in steps) never hold up the panel: its
// sliders, tabs and legend answer while the worker builds, and the panel draws what comes back.
// Where no worker can be started, the webview runs the same session on its own thread. Pure: no
// DOM, no worker API (the tests drive it in Node).
//
// Flow: the panel sends `build` (a model, its "what if" sizes, the phase diagram's axes and the
// chart shown); the session answers `plot` with the plot data and that chart. `show` asks for
// another chart of the same plot (a tab, a width); `all` for every chart (the JSON export). While
// the phase diagram shows and is not whole, the session walks it on in steps between messages and
// answers `plot` each time a line is added. Every message carries the panel's sequence number of
// its build: a newer build drops what is left of the older one (a slider dragged sends one a
// frame; only the last is built).

import type { ModelDescription } from '../model/types';
import { Plotter } from './build';
import type { Chart, PlotData } from './types';

export type PlotTab = 'pstar-d' | 'pstar-width' | 'phase' | 'scales';

/** The phase diagram's first walk when its tab opens, then each step's (ms). */
export const PHASE_FIRST_MS = 200;
export const PHASE_STEP_MS = 100;

export type ToPlotSession =
  | { type: 'build'; seq: number; model: ModelDescription; sizes?: Record<string, number>; axes?: [string, string]; tab: PlotTab; along?: string }
  | { type: 'show'; seq: number; tab: PlotTab; along?: string }
  | { type: 'all'; seq: number };

/** The plot without its charts: what the panel shows beside the chart (the charts come one at a time). */
export type PlotSummary = Omit<PlotData, 'charts'>;

export type FromPlotSession =
  | {
      type: 'plot';
      seq: number;
      data: PlotSummary;
      available: Plotter['available'];
      phaseAxes?: [string, string];
      phasePending: boolean;
      /** The chart asked for (absent where that tab has none), under chartKey(tab, along). */
      key: string;
      chart?: Chart;
      /** Time the session spent on this answer (ms). */
      ms: number;
    }
  | { type: 'all'; seq: number; data: PlotData }
  | { type: 'failed'; seq: number; message: string };

/** Where a chart is kept: its tab and, for the charts along a width, the width. */
export function chartKey(tab: PlotTab, along?: string): string {
  return tab === 'pstar-width' || tab === 'scales' ? `${tab}|${along ?? ''}` : tab;
}

export interface PlotSession {
  handle(msg: ToPlotSession): void;
}

/**
 * A session answering through `post`. `later` runs a function after the messages already waiting
 * (setTimeout 0 in a worker): the phase diagram's steps go between messages, and a burst of builds
 * is built once, the last.
 */
export function createPlotSession(post: (m: FromPlotSession) => void, later: (fn: () => void) => void, now: () => number = () => Date.now()): PlotSession {
  let seq = -1;
  let plotter: Plotter | undefined;
  let shown: { tab: PlotTab; along?: string } = { tab: 'pstar-d' };
  let inbox: ToPlotSession[] = [];
  let draining = false;
  let stepping = false;

  const answer = (t0: number) => {
    const p = plotter!;
    // Against the width asked for, else the first (as the panel reads its choice).
    const along = shown.along !== undefined && p.data.widths.includes(shown.along) ? shown.along : p.data.widths[0];
    const chart = p.chartOf(shown.tab, along);
    // Without the charts built so far: each answer would copy them all to the panel again.
    const { charts: _, ...data } = p.data;
    post({ type: 'plot', seq, data, available: p.available, phaseAxes: p.phaseAxes, phasePending: p.phasePending, key: chartKey(shown.tab, along), chart, ms: now() - t0 });
  };

  const fail = (e: unknown) => post({ type: 'failed', seq, message: e instanceof Error ? e.message : String(e) });

  /** Walks the phase diagram on a step, while it shows and is not whole; answers when a line was added. */
  const step = () => {
    stepping = false;
    const p = plotter;
    if (!p || !p.phasePending || shown.tab !== 'phase' || inbox.length) return;
    const t0 = now();
    try {
      const before = p.phase();
      if (p.phaseMore(PHASE_STEP_MS) !== before) answer(t0);
    } catch (e) {
      fail(e);
      return;
    }
    walkOn();
  };
  const walkOn = () => {
    if (stepping || !plotter?.phasePending || shown.tab !== 'phase') return;
    stepping = true;
    later(step);
  };

  /** One message; a failure of the plot builder is answered as `failed` (drain). */
  const run = (m: ToPlotSession) => {
    const t0 = now();
    if (m.type === 'build') {
      seq = m.seq;
      shown = { tab: m.tab, along: m.along };
      plotter = undefined;
      plotter = new Plotter(m.model, { sizes: m.sizes, phaseAxes: m.axes, phaseBudgetMs: PHASE_FIRST_MS, phaseInSteps: true });
      answer(t0);
    } else if (m.seq !== seq || !plotter) {
      return; // about a plot since replaced, or one that failed
    } else if (m.type === 'show') {
      shown = { tab: m.tab, along: m.along };
      answer(t0);
    } else post({ type: 'all', seq, data: plotter.all() });
  };

  const drain = () => {
    draining = false;
    // Only the last build of a burst is built, and only what was asked of it after it.
    let from = 0;
    for (let i = inbox.length - 1; i >= 0; i--) if (inbox[i].type === 'build') {
      from = i;
      break;
    }
    const todo = inbox.slice(from);
    inbox = [];
    for (const m of todo) {
      try {
        run(m);
      } catch (e) {
        fail(e);
      }
    }
    walkOn();
  };

  return {
    handle(msg) {
      inbox.push(msg);
      if (!draining) {
        draining = true;
        later(drain);
      }
    },
  };
}
