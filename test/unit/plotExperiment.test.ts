// The experiment over the P*-against-d chart: points and error bars in the chart's log10 units,
// the fit and its interval and the predicted line through the centre of the points, the range to
// zoom to; and the webview protocol's check of experiment messages.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentOverlay } from '../../src/plot/experiment';
import { parseToWebview } from '../../src/contract/webview';
import type { ExperimentResults } from '../../src/experiment/types';
import { ROOT } from './helpers';

/** The committed quick-mode results of examples/two-layer.json (examples/experiments/). */
const committed = (): ExperimentResults => JSON.parse(readFileSync(join(ROOT, 'examples', 'experiments', 'two-layer.quick.experiment.json'), 'utf8'));

function synthetic(exponent: number, interval: [number, number], inD: number): ExperimentResults {
  const r = committed();
  const d = [8, 16, 32];
  r.predicted = { ...r.predicted, inD, exact: undefined };
  r.measured = {
    ...r.measured,
    exponent,
    interval,
    intercept: Math.log(5),
    points: d.map((x, i) => ({ ...r.measured.points[0], d: x, pStar: 5 * x ** exponent, interval: [4 * x ** exponent, 6 * x ** exponent] as [number, number], equilibrated: i !== 1, provisional: undefined })),
  };
  return r;
}

describe('plot: the experiment over P* against d', () => {
  it('places the points and their error bars in log10 units, with the fit, its interval and the predicted line through the centre', () => {
    const o = experimentOverlay(synthetic(1.2, [1.0, 1.4], 1));
    assert.deepEqual(o.points.map((p) => p.d), [8, 16, 32]);
    const p0 = o.points[0];
    assert.ok(Math.abs(p0.x - Math.log10(8)) < 1e-12 && Math.abs(p0.y - Math.log10(5 * 8 ** 1.2)) < 1e-12);
    assert.ok(Math.abs(p0.low! - Math.log10(4 * 8 ** 1.2)) < 1e-12 && Math.abs(p0.high! - Math.log10(6 * 8 ** 1.2)) < 1e-12);
    assert.deepEqual(o.points.map((p) => p.equilibrated), [true, false, true]);
    const line = (id: string) => o.lines.find((l) => l.id === id)!;
    const slope = (id: string) => (line(id).to.y - line(id).from.y) / (line(id).to.x - line(id).from.x);
    assert.ok(Math.abs(slope('fit') - 1.2) < 1e-12 && Math.abs(slope('fit-low') - 1.0) < 1e-12 && Math.abs(slope('fit-high') - 1.4) < 1e-12 && Math.abs(slope('predicted') - 1) < 1e-12);
    // The fit passes through the points (they lie on it exactly here); all lines cross at the centre.
    assert.ok(Math.abs(line('fit').from.y - p0.y) < 1e-9);
    const cx = o.points.reduce((a, p) => a + p.x, 0) / 3;
    const at = (id: string) => line(id).from.y + slope(id) * (cx - line(id).from.x);
    assert.ok(Math.abs(at('predicted') - at('fit')) < 1e-9 && Math.abs(at('fit-low') - at('fit')) < 1e-9);
    assert.ok(o.x[0] < p0.x && o.x[1] > o.points[2].x && o.y[0] < p0.low! && o.y[1] > o.points[2].high!, 'the zoomed range holds every point and bar');
    assert.match(o.description, /d = 16: P\* ≈ \d+ \(\d+ to \d+\), not equilibrated/);
  });

  it('reads the committed quick-mode results of two-layer.json as a smoke test, and never hides the reading', () => {
    const o = experimentOverlay(committed());
    assert.equal(o.smokeTest, true);
    assert.ok(o.points.length >= 2);
    assert.ok(o.lines.some((l) => l.id === 'predicted' && /predicted d\^1\.25/.test(l.label)));
    assert.match(o.reading, /^(Measured P\* ∝ d\^\d\.\d\d .*(consistent|not tight|fails)|No exponent)/);
    assert.ok(o.caveats.some((c) => /smoke test/.test(c)));
  });

  it('the webview protocol accepts experiment messages only with valid results', () => {
    const results = committed();
    const ok = parseToWebview({ type: 'experiment', uri: 'file:///m.json', model: 'two-layer-erf', results, source: 'two-layer.experiment.json' });
    assert.equal(ok?.type, 'experiment');
    const cleared = parseToWebview({ type: 'experiment', uri: 'file:///m.json', model: 'x', results: null, source: 'cleared' });
    assert.deepEqual(cleared, { type: 'experiment', uri: 'file:///m.json', model: 'x', results: null, source: 'cleared' });
    assert.equal(parseToWebview({ type: 'experiment', uri: 'file:///m.json', model: 'x', results: { ...results, schemaVersion: 2 }, source: 's' }), undefined);
    assert.equal(parseToWebview({ type: 'experiment', uri: 'file:///m.json', model: 'x', results: { kind: 'nope' }, source: 's' }), undefined);
  });
});
