// The CLI's SVG writer: well-formed XML, every series and label present, text escaped.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/parse/index';
import { buildPlot, chartSvg, allCharts } from '../../src/plot/index';
import { colorFor, colorIds } from '../../src/plot/palette';
import { ROOT, SAME_PSTAR_MODEL } from './helpers';

/** A strict little well-formedness check: balanced tags, quoted attributes, known entities only. */
export function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|([<>])|&(?!(?:amp|lt|gt|quot|apos|#\d+);)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = re.exec(body))) {
    if (m[0].startsWith('<!--')) continue;
    if (m[5] || m[0] === '&') assert.fail(`stray ${JSON.stringify(m[0])} at ${m.index}: ${body.slice(Math.max(0, m.index - 40), m.index + 40)}`);
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `closing </${name}> at ${m.index}`);
    else if (!selfClose) {
      if (!stack.length) roots++;
      stack.push(name);
    } else if (!stack.length) roots++;
  }
  assert.deepEqual(stack, [], 'unclosed tags');
  assert.equal(roots, 1, 'one root element');
}

describe('plot: SVG writer', () => {
  const text = readFileSync(join(ROOT, 'examples/three-layer.json'), 'utf8');
  const plot = buildPlot(parseDocument('three-layer.json', text).models[0]);

  it('writes well-formed SVG for every chart, light and dark', () => {
    for (const chart of allCharts(plot)) {
      for (const theme of ['light', 'dark'] as const) {
        const svg = chartSvg(chart, { candidates: plot.candidates, theme });
        assertWellFormedXml(svg);
        assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      }
    }
  });

  it('P* against d: a path per candidate, slopes as exact fractions, title and description', () => {
    const svg = chartSvg(plot.charts.pstarD, { candidates: plot.candidates });
    for (const s of plot.charts.pstarD.series) assert.ok(svg.includes(`data-series="${s.id}"`), s.id);
    assert.ok(svg.includes('specialization-magnetization  d^(4/3)'));
    assert.ok(svg.includes('<title id="title">P* against d</title>'));
    assert.ok(svg.includes('<desc id="desc">P* against d on log-log axes'));
    // With the model's name (the CLI and the panel give it), a saved chart says what it is of; XML escaped, a long one cut.
    const named = chartSvg(plot.charts.pstarD, { candidates: plot.candidates, model: 'mlp <b>&' });
    assert.ok(named.includes('<title id="title">P* against d: mlp &lt;b&gt;&amp;</title>'));
    assert.ok(chartSvg(plot.charts.pstarD, { model: 'x'.repeat(500) }).includes(`P* against d: ${'x'.repeat(59)}…</title>`));
    assert.ok(svg.includes('>10^2<'), 'log tick labels');
    assert.ok(svg.includes('class="design"'));
    // The legend is as wide as its longest label: with 250 px, this one ran off the right edge.
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    const x = Number(/<text x="(\d+)"/.exec(legend)![1]);
    const longest = Math.max(...[...legend.matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1].length));
    assert.ok(x + 7.2 * longest <= 880, `${x} + ${longest} characters`);
    assert.ok(!legend.includes('…'));
  });

  it('P* against N2 marks the crossings; the phase diagram draws regions and boundaries', () => {
    const w = chartSvg(plot.charts.pstarWidth.find((c) => c.id === 'pstar-N2')!, { candidates: plot.candidates });
    assert.ok(w.includes('N2 = d^(1/3)') && w.includes('N2 = d^2'));
    assert.ok(w.includes('N1 = N2: gp-specialization → specialization-gp'));
    const p = chartSvg(plot.charts.phase!, { candidates: plot.candidates });
    assert.ok((p.match(/<rect /g) ?? []).length > 20);
    assert.ok(p.includes('<title>N1 = N2 (gp-specialization | specialization-gp)</title>'));
    for (const id of plot.charts.phase!.candidates) assert.ok(p.includes(`>${id}</text>`), id);
  });

  it('dots a crossing where only the name changes (the same P* on both sides), and says so in its title', () => {
    // Along N1, GFL-Spec-GFL gives way to GFL-GP-Spec at d^0.439 with the same √(N1 d); the
    // crossings at a change of P* stay dashed.
    const whole = buildPlot(SAME_PSTAR_MODEL);
    const chart = whole.charts.pstarWidth.find((c) => c.id === 'pstar-N1')!;
    const svg = chartSvg(chart, { candidates: whole.candidates });
    assertWellFormedXml(svg);
    const groups = [...svg.matchAll(/<g class="crossing( same-pstar)?">([\s\S]*?)<\/g>/g)];
    assert.equal(groups.length, chart.crossings.length);
    chart.crossings.forEach((c, i) => {
      const [, same, body] = groups[i];
      assert.equal(!!same, !!c.samePStar, body);
      assert.match(body, c.samePStar ? /stroke-dasharray="1 3"/ : /stroke-dasharray="4 4"/);
      assert.equal(body.includes('the same P* on both sides: only the pattern changes'), !!c.samePStar, body);
    });
    assert.ok(groups.some((g) => g[1]) && groups.some((g) => !g[1]), 'both kinds on this chart');
  });

  it('colours each region of a deep network\'s phase diagram apart, winners its table does not list too', function () {
    this.timeout(60_000);
    const act = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
    const three = parseDocument('three-layer.json', text).models[0];
    const deep = { ...three, name: 'deep', regime: undefined, sizes: undefined, layers: [...Array.from({ length: 6 }, (_, i) => ({ type: 'dense' as const, width: `N${i + 1}`, activation: act[i % 5] })), { type: 'readout' as const }] };
    const whole = buildPlot(deep);
    const phase = whole.charts.phase!;
    const unlisted = phase.candidates.filter((id) => !whole.candidates.includes(id));
    assert.ok(unlisted.length >= 2, `winners the table does not list: ${unlisted.join(', ')}`);
    const ids = colorIds(whole.candidates, phase);
    assert.deepEqual(ids.slice(0, whole.candidates.length), whole.candidates, 'the plot\'s own colours first');
    const colours = new Set(phase.candidates.map((id) => colorFor(id, ids)));
    assert.equal(colours.size, Math.min(phase.candidates.length, 12), 'one colour a winner');
    const fills = new Set([...chartSvg(phase, { candidates: whole.candidates }).matchAll(/<rect [^>]*fill="([^"]+)"/g)].map((m) => m[1]));
    assert.ok(fills.size >= Math.min(phase.candidates.length, 12), `region fills: ${fills.size}`);
  });

  it('escapes text', () => {
    const chart = { ...plot.charts.pstarD, title: 'a < b & "c"', description: '<script>' };
    const svg = chartSvg(chart);
    assertWellFormedXml(svg);
    assert.ok(svg.includes('a &lt; b &amp; &quot;c&quot;') && svg.includes('&lt;script&gt;'));
  });
});
