// One road from text to every view (src/pipeline/document.ts): `plot` reads a file as `analyze`
// does (the override beside it, --set, --degree, --readout), so the two agree on every example;
// the worker answers with the models it read, which are what the chart draws.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzeOutput, FileResult, ModelResult } from '../../src/contract/result';
import type { PlotData } from '../../src/plot/index';
import { buildPlot } from '../../src/plot/index';
import { readAndAnalyze, readModels } from '../../src/pipeline/document';
import { winsText } from '../../src/report/format';
import { cli, ROOT } from './helpers';

/** Every example file the analysis reads (sub-folders included). */
function exampleFiles(dir = 'examples'): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((n) => {
    const rel = `${dir}/${n}`;
    if (statSync(join(ROOT, rel)).isDirectory()) return exampleFiles(rel);
    return /\.(json|ts|js|py)$/.test(n) && !/\.(scaling|experiment)\.json$/.test(n) ? [rel] : [];
  });
}

const plotOf = (args: string[], cwd = ROOT): PlotData => {
  const r = cli(['plot', ...args, '--format', 'json'], cwd);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as PlotData;
};
const analyzeOf = (args: string[], cwd = ROOT): ModelResult[] => {
  const r = cli(['analyze', ...args, '--json'], cwd);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  return (JSON.parse(r.out) as AnalyzeOutput).files.flatMap((f) => f.models);
};

/** How the result ties the sizes to d: at the sizes, under the regime, or at the reference point. */
const designOf = (m: ModelResult) => m.pStar?.certificate?.at ?? (m.sizes && Object.keys(m.sizes).length && m.pStar?.value !== undefined ? 'sizes' : m.regime ? 'regime' : 'reference');

describe('one pipeline: plot and analyze read a file the same way', () => {
  it('agree on every model of every example: the winner, P*, its status and the scaling used', () => {
    let n = 0;
    for (const file of exampleFiles()) {
      for (const m of analyzeOf([file])) {
        if (!m.pStar) continue; // not covered or not learnable: nothing to plot (plot says so, exit 1)
        const p = plotOf([file, '--model', m.name]);
        const where = `${file}: ${m.name}`;
        assert.equal(p.winner, m.winner, where);
        assert.deepEqual(p.pStar, JSON.parse(JSON.stringify({ text: m.pStar.text, inD: m.pStar.inD, value: m.pStar.value, status: m.pStar.status, wins: winsText(m.pStar) })), where);
        assert.equal(p.design.kind, designOf(m), where);
        if (m.regime && p.widths.every((w) => m.regime![w])) assert.equal(p.scaling.kind, 'regime', where);
        n++;
      }
    }
    assert.ok(n >= 10, `${n} models compared`);
  });

  it('plot applies the override beside the file, as analyze does (keras-mlp: the regime N1 = d)', () => {
    const p = plotOf(['examples/keras-mlp/model.json']);
    assert.equal(p.scaling.kind, 'regime');
    assert.equal(p.scaling.text, 'regime N1 = d, N2 = d');
    assert.equal(p.pStar?.inD, '1');
    const [a] = analyzeOf(['examples/keras-mlp/model.json']);
    assert.deepEqual(a.regime, { N1: 'd', N2: 'd' });
    assert.ok(a.assumptions!.some((x) => x.what === 'regime N1' && x.source === 'override'));
  });

  it('plot follows a change of the override, and the command line wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-plot-'));
    copyFileSync(join(ROOT, 'examples', 'two-layer.json'), join(dir, 'two-layer.json'));
    const before = plotOf(['two-layer.json'], dir);
    assert.equal(before.pStar?.status, 'paper', 'degree 3, as the file states');
    writeFileSync(join(dir, 'two-layer.scaling.json'), '{"scalingModel": {"target": {"degree": 5}, "sizes": {"N": 4000}}}');
    const after = plotOf(['two-layer.json'], dir);
    assert.equal(after.pStar?.status, 'derived', 'degree 5 from the override (the paper states degree 3)');
    assert.equal(after.sizes.N, 4000);
    assert.deepEqual(after.pStar, JSON.parse(JSON.stringify((({ text, inD, value, status }) => ({ text, inD, value, status }))(analyzeOf(['two-layer.json'], dir)[0].pStar!))));
    const cl = plotOf(['two-layer.json', '--degree', '3', '--set', 'N=1000'], dir);
    assert.deepEqual(cl.pStar, before.pStar, '--degree and --set win over the override');
    writeFileSync(join(dir, 'two-layer.scaling.json'), '{"scalingModel": {"target": {"degree": "x"}}}');
    const bad = cli(['plot', 'two-layer.json'], dir);
    assert.equal(bad.code, 1, 'an override with an error is an error of the model file');
    assert.match(bad.err, /two-layer\.scaling\.json:\d+:\d+: /);
  });
});

describe('one pipeline: the worker answers with the models it read', () => {
  it('returns the models with the override and the settings applied, one per result, and the chart draws them', () => {
    const text = '{"scalingModel": {"name": "m", "layers": [{"type": "dense", "width": "N", "activation": "erf"}, {"type": "readout"}], "regime": {"N": "d"}}}';
    const override = { fileName: '/w/m.scaling.json', text: '{"scalingModel": {"regime": {"N": "d^2"}}}' };
    const { result, models } = readAndAnalyze('/w/m.json', text, { defaults: { degree: 5 }, override });
    assert.deepEqual(models, readModels('/w/m.json', text, { defaults: { degree: 5 }, override }).models);
    assert.equal(models.length, result.models.length);
    assert.equal(models[0].target.degree, 5, 'the setting, as the file states no degree');
    assert.deepEqual(models[0].regime, { N: 'd^2' }, 'the override');
    // The models cross a thread and a webview as JSON: the chart built from a copy says what the hints say.
    const copy = JSON.parse(JSON.stringify(models[0]));
    const plot = buildPlot(copy);
    assert.equal(plot.winner, result.models[0].winner);
    assert.equal(plot.pStar?.text, result.models[0].pStar?.text);
    assert.equal(plot.pStar?.inD, result.models[0].pStar?.inD);
  });
  it('says when each model is done (the worker times each model)', () => {
    const dense = (w: string) => `{"type": "dense", "width": "${w}", "activation": "erf"}`;
    const text = `[{"scalingModel": {"name": "a", "layers": [${dense('N')}, {"type": "readout"}]}},
      {"scalingModel": {"name": "b", "layers": [${dense('N')}, ${dense('M')}, {"type": "readout"}]}}]`;
    const seen: string[] = [];
    const { result } = readAndAnalyze('/w/m.json', text, {}, { onModel: (done, total) => seen.push(`${done}/${total}`), onEarly: () => seen.push('early') });
    assert.equal(result.models.length, 2);
    // Shallow models: no early result (the whole analysis takes milliseconds).
    assert.deepEqual(seen, ['1/2', '2/2']);
  });
  it('gives an early result without the boundaries where a model is deep, then the same result as without it', () => {
    // 20 relu layers of one width (deep: EARLY_FROM_LAYERS) beside a two-layer net, at numeric sizes.
    const dense = (w: number | string) => `{"type": "dense", "width": ${typeof w === 'number' ? w : `"${w}"`}, "activation": "relu"}`;
    const text = `[{"scalingModel": {"name": "deep", "layers": [${Array.from({ length: 20 }, () => dense(512)).join(', ')}, {"type": "readout"}], "data": {"kind": "gaussian", "dim": 784}}},
      {"scalingModel": {"name": "small", "layers": [${dense('N').replace('relu', 'erf')}, {"type": "readout"}], "regime": {"N": "d"}}}]`;
    const seen: string[] = [];
    let early: FileResult | undefined;
    let earlyModels: unknown;
    const { result, models } = readAndAnalyze('/w/m.json', text, {}, {
      onModel: (done, total, stage) => seen.push(`${done}/${total}${stage ? ` ${stage}` : ''}`),
      onEarly: (r, m) => {
        seen.push('early');
        early = structuredClone(r);
        earlyModels = m;
      },
    });
    assert.deepEqual(seen, ['1/2 early', '2/2 early', 'early', '1/2', '2/2']);
    assert.ok(early);
    assert.equal(earlyModels, models, 'the early result carries the models read');
    // The finished result is the one an analysis without hooks gives, byte for byte.
    assert.equal(JSON.stringify(result), JSON.stringify(readAndAnalyze('/w/m.json', text).result));
    for (const [i, e] of early.models.entries()) {
      const done = result.models[i];
      assert.equal(e.pending, 'boundaries', e.name);
      assert.equal(done.pending, undefined, done.name);
      assert.deepEqual(e.boundaries, []);
      assert.equal(e.winnerRange, undefined);
      assert.ok(done.winnerRange?.length, `${done.name}: the walks give the winner's range`);
      // Everything else is already there: the winner, P*, the hints' patterns, the table.
      const rest = (m: ModelResult) => {
        const { boundaries: _b, winnerRange: _w, pending: _p, derivation, ...r } = m;
        return { ...r, derivation: derivation?.filter((l) => !/^(Boundary|.* stays the winner along)/.test(l)) };
      };
      assert.deepEqual(rest(e), rest(done), done.name);
    }
    assert.ok(result.models[0].boundaries.length || result.models[1].boundaries.length, 'some boundary is found');
  });
  it('gives no early result where no model has walks to do', () => {
    // Deep, but an even target for an odd network: not learnable, nothing to walk.
    const layers = Array.from({ length: 20 }, () => '{"type": "dense", "width": 512, "activation": "erf"}').join(', ');
    const text = `{"scalingModel": {"name": "odd", "layers": [${layers}, {"type": "readout"}], "target": {"degree": 2}, "data": {"kind": "gaussian", "dim": 784}}}`;
    let early = 0;
    const { result } = readAndAnalyze('/w/m.json', text, {}, { onEarly: () => early++ });
    assert.equal(result.models[0].pStar, null);
    assert.equal(early, 0);
  });
});
