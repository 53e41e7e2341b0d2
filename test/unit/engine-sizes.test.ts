// Numeric sizes that are powers of d (widths and d powers of two: N = 1024 at d = 4096 is d^(5/6))
// must give the result the same exponents give as a regime: sequences that tie under the exponents
// tie at the sizes too, and the simplicity rule names the winner, not the rounding of the logs.
import { strict as assert } from 'node:assert';
import { analyze, type ScaleProblem } from '../../src/engine/index';
import { Rational } from '../../src/engine/rational';
import { rng } from './helpers';

const ACTS = ['erf', 'relu', 'tanh', 'gelu'];

/** A network at sizes that are powers of two, and the same network under the regime of their exponents of d. */
function twin(hidden: { activation: string; width: number }[], d: number): { sizes: ScaleProblem; regime: ScaleProblem } {
  const base: ScaleProblem = { dim: 'd', degree: 3, readout: 'standard', hidden: hidden.map((h, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation: h.activation, index: i })) };
  const sizes: Record<string, number> = { d };
  const regime: Record<string, Rational> = { d: Rational.ONE };
  hidden.forEach((h, i) => {
    sizes[`N${i + 1}`] = h.width;
    regime[`N${i + 1}`] = Rational.of(Math.round(Math.log2(h.width)), Math.round(Math.log2(d)));
  });
  return { sizes: { ...base, sizes }, regime: { ...base, regime } };
}

describe('numeric sizes that are powers of d', () => {
  it('name the winner the exponents name (relu, relu, tanh at d = 256: N = 128, 2048, 512)', () => {
    // Rounded apart, the logs broke a tie of specialization-gp-specialization with gfl-gp-specialization
    // the other way, and the result named the latter, with another formula for P*.
    const t = twin([{ activation: 'relu', width: 128 }, { activation: 'relu', width: 2048 }, { activation: 'tanh', width: 512 }], 256);
    const a = analyze(t.sizes, { boundaries: false });
    const b = analyze(t.regime, { boundaries: false });
    assert.equal(a.winner!.id, 'specialization-gp-specialization');
    assert.equal(a.winner!.id, b.winner!.id);
    assert.ok(a.winner!.energy.equals(b.winner!.energy));
    assert.ok(a.certificate!.checked);
  });

  it('every winner, its P* and its ties as under the exponents (300 networks of 1 to 4 layers, d = 64 to 4096)', () => {
    const r = rng(5);
    let n = 0;
    for (let k = 0; k < 300; k++) {
      const L = 1 + Math.floor(r() * 4);
      const d = [64, 256, 1024, 4096][Math.floor(r() * 4)];
      const t = twin(Array.from({ length: L }, () => ({ activation: ACTS[Math.floor(r() * 4)], width: 2 ** (5 + Math.floor(r() * 8)) })), d);
      const a = analyze(t.sizes, { boundaries: false, table: false });
      const b = analyze(t.regime, { boundaries: false, table: false });
      if (!b.winner) continue;
      const what = `${JSON.stringify(t.sizes.sizes)} ${t.sizes.hidden.map((h) => (h.kind === 'dense' ? h.activation : '')).join(',')}`;
      assert.equal(a.winner?.id, b.winner.id, what);
      assert.ok(a.winner!.energy.equals(b.winner.energy), `${what}: P*`);
      assert.equal(a.tiedCount, b.tiedCount, `${what}: ties`);
      assert.ok(a.certificate!.checked, `${what}: certified`);
      n++;
    }
    assert.ok(n > 250, `networks compared: ${n}`);
  });

  it('keep a size that is no power of d on the grid (d = 784, N = 512)', () => {
    const t = twin([{ activation: 'erf', width: 512 }], 784);
    const a = analyze(t.sizes, { boundaries: false });
    assert.ok(a.certificate!.checked);
    assert.ok(a.base!.exact[a.symbols.indexOf('N1')].den > 64, 'on the 2^-20 grid, not a small fraction');
  });
});
