// The chart panel's plot session (src/plot/session.ts), driven as the webview's worker drives it:
// messages in, answers out, the phase diagram walked on between messages. Its charts are the plot
// builder's own; a burst of builds is built once; a walk goes on only while its tab shows.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/parse/index';
import { Plotter } from '../../src/plot/index';
import { createPlotSession, chartKey, type FromPlotSession, type ToPlotSession } from '../../src/plot/session';
import type { ModelDescription } from '../../src/model/types';
import { ROOT } from './helpers';

const model = (file: string): ModelDescription => parseDocument(file, readFileSync(join(ROOT, file), 'utf8')).models[0];

/** A session whose "later" queue the test runs by hand (a worker's event loop). */
function drive() {
  const out: FromPlotSession[] = [];
  const queue: (() => void)[] = [];
  const s = createPlotSession((m) => out.push(m), (fn) => queue.push(fn));
  const send = (...ms: ToPlotSession[]) => ms.forEach((m) => s.handle(m));
  /** Runs what is due; `max` tasks at most (a walk schedules itself until done). */
  const run = (max = 1e6) => {
    let n = 0;
    while (queue.length && n++ < max) queue.shift()!();
    return n;
  };
  return { out, send, run, queued: () => queue.length };
}

describe('plot session: the chart panel\'s plot builder behind messages', () => {
  const three = model('examples/three-layer.json');
  // 32 relu layers of one width (the end-to-end fixture's first 32): about 0.55 s of phase walks in a
  // warm process, well past the session's first step of 200 ms (PHASE_FIRST_MS). The first 24 layers
  // took half a second once; as the engine got faster they took 0.29 s, and a clean-clone run walked
  // them all within the first step.
  const sixtyFour = model('test/e2e/fixtures/e2e-uniform64.json');
  const deep: ModelDescription = { ...sixtyFour, layers: [...sixtyFour.layers.slice(0, 32), sixtyFour.layers[sixtyFour.layers.length - 1]] };

  it('answers a build with the plot and the chart shown, as the plot builder makes them', () => {
    const { out, send, run } = drive();
    send({ type: 'build', seq: 1, model: three, tab: 'pstar-width', along: 'N2' });
    run();
    assert.equal(out.length, 1);
    const m = out[0];
    assert.ok(m.type === 'plot');
    const p = new Plotter(three, { phaseInSteps: true });
    assert.equal(m.seq, 1);
    assert.equal(m.key, chartKey('pstar-width', 'N2'));
    assert.deepEqual(m.chart, p.along('N2').pstarWidth);
    // The plot beside its charts (which come one at a time, not again with every answer).
    const { charts, ...summary } = p.data;
    assert.deepEqual(m.data, summary);
    assert.ok(charts.pstarD && !('charts' in m.data));
    assert.deepEqual(m.available, p.available);
    // Another chart of the same plot; a width it does not have is read as the first.
    send({ type: 'show', seq: 1, tab: 'scales', along: 'N9' });
    run();
    const s = out[1];
    assert.ok(s.type === 'plot');
    assert.equal(s.key, chartKey('scales', 'N1'));
    assert.deepEqual(s.chart, p.along('N1').scales);
  });

  it('builds only the last of a burst of builds, and drops what is asked of a plot since replaced', () => {
    const { out, send, run } = drive();
    const at = (n: number): ToPlotSession => ({ type: 'build', seq: n, model: three, sizes: { d: 100, N1: 100 * n, N2: 100 }, tab: 'pstar-d' });
    send(at(1), { type: 'show', seq: 1, tab: 'phase' }, at(2), at(3), { type: 'show', seq: 2, tab: 'scales' }, { type: 'show', seq: 3, tab: 'pstar-width' });
    run();
    assert.deepEqual(out.map((m) => [m.type, m.seq]), [['plot', 3], ['plot', 3]]);
    const [built, shown] = out as Extract<FromPlotSession, { type: 'plot' }>[];
    assert.equal(built.key, 'pstar-d');
    assert.equal(shown.key, chartKey('pstar-width', 'N1'));
    assert.deepEqual(built.data.sizes, { d: 100, N1: 300, N2: 100 });
    send({ type: 'show', seq: 2, tab: 'phase' }, { type: 'all', seq: 1 });
    run();
    assert.equal(out.length, 2, 'nothing answered for older plots');
  });

  it('walks a deep phase diagram on in steps while its tab shows, pauses on another tab, to the diagram walked at once', function () {
    this.timeout(60_000);
    const whole = new Plotter(deep, { phaseBudgetMs: 1e9 }).phase()!;
    const { out, send, run, queued } = drive();
    send({ type: 'build', seq: 1, model: deep, tab: 'phase' });
    run(1);
    const first = out[0];
    assert.ok(first.type === 'plot' && first.phasePending, 'the diagram is not walked in the first 200 ms');
    assert.match(first.chart!.description, /Still walking/);
    // Another tab: the walk stops (nothing left to run) until the diagram shows again.
    send({ type: 'show', seq: 1, tab: 'pstar-d' });
    run();
    assert.equal(queued(), 0);
    const paused = out.length;
    const shown = out[paused - 1];
    assert.equal(shown.type === 'plot' ? shown.key : shown.type, 'pstar-d');
    send({ type: 'show', seq: 1, tab: 'phase' });
    run();
    const last = out[out.length - 1];
    assert.ok(last.type === 'plot' && !last.phasePending);
    // An answer each time a line was added, each with more of the diagram walked.
    const walked = out.slice(paused).map((m) => (m.type === 'plot' && m.chart?.kind === 'phase' ? m.chart.cells.filter((c) => c >= 0).length : -1));
    assert.ok(walked.length >= 2 && walked.every((n, i) => i === 0 || n >= walked[i - 1]), walked.join(' '));
    assert.deepEqual(last.chart, whole, 'the same diagram as walked at once');
    // Every chart, for the JSON export.
    send({ type: 'all', seq: 1 });
    run();
    const all = out[out.length - 1];
    assert.ok(all.type === 'all');
    assert.equal(all.data.charts.pstarWidth.length, all.data.widths.length);
    assert.deepEqual(all.data.charts.phase, whole);
  });

  it('says what failed where the plot builder fails', () => {
    const { out, send, run } = drive();
    send({ type: 'build', seq: 4, model: { ...three, layers: undefined } as unknown as ModelDescription, tab: 'pstar-d' });
    run();
    assert.equal(out.length, 1);
    assert.equal(out[0].type, 'failed');
    assert.equal(out[0].seq, 4);
  });
});
