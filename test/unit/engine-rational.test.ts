import { strict as assert } from 'node:assert';
import { Rational, R } from '../../src/engine/rational';
import { LinForm } from '../../src/engine/linform';

describe('engine: exact rationals', () => {
  it('normalises sign and common factors', () => {
    assert.equal(R(2, 4).toString(), '1/2');
    assert.equal(R(3, -6).toString(), '-1/2');
    assert.equal(R(0, 5).toString(), '0');
    assert.equal(R(6, 3).toString(), '2');
  });
  it('adds, subtracts, multiplies and divides exactly', () => {
    assert.equal(R(1, 3).add(R(1, 6)).toString(), '1/2');
    assert.equal(R(1, 2).sub(R(2, 3)).toString(), '-1/6');
    assert.equal(R(2, 3).mul(R(9, 4)).toString(), '3/2');
    assert.equal(R(2, 3).div(R(4, 9)).toString(), '3/2');
    // 1/3 + 1/3 + 1/3 is exactly 1, unlike floating point sums of thirds in general.
    assert.ok(R(1, 3).add(R(1, 3)).add(R(1, 3)).equals(Rational.ONE));
  });
  it('compares and parses', () => {
    assert.equal(R(1, 3).cmp(R(1, 2)), -1);
    assert.equal(R(-1, 2).cmp(R(-1, 2)), 0);
    assert.equal(Rational.parse(' -2 / 3 ').toString(), '-2/3');
    assert.throws(() => Rational.parse('0.5'), /not a fraction/);
  });
  it('refuses division by zero and leaving the exact range', () => {
    assert.throws(() => R(1, 0), /division by zero/);
    assert.throws(() => R(1, 2).div(Rational.ZERO), /division by zero/);
    assert.throws(() => R(2 ** 53, 1), /exact range/);
  });
});

describe('engine: monomials as linear forms', () => {
  it('multiplies monomials by adding exponents and drops zero exponents', () => {
    const a = LinForm.of({ N: R(1, 2), d: R(1, 2) });
    const b = LinForm.of({ d: R(-1, 2), M: 1 });
    const p = a.add(b);
    assert.deepEqual(p.toExponents(), { N: '1/2', M: '1' });
  });
  it('substitutes optimal parameters', () => {
    // M d with M = sqrt(N/d) gives sqrt(N d).
    const term = LinForm.of({ M: 1, d: 1 });
    const out = term.substitute({ M: LinForm.of({ N: R(1, 2), d: R(-1, 2) }) });
    assert.deepEqual(out.toExponents(['N', 'd']), { N: '1/2', d: '1/2' });
  });
  it('keys: equal forms share one whatever their order, different forms never do (names may hold any character)', () => {
    assert.equal(LinForm.of([['d', R(1)], ['N1', R(2)]]).key(), LinForm.of([['N1', R(2)], ['d', R(1)]]).key());
    assert.notEqual(LinForm.of({ N: 1 }).key(), LinForm.of({ N: 2 }).key());
    // Names that a plain "name:value," key would run together.
    assert.notEqual(LinForm.of({ 'a:1,b': 1 }).key(), LinForm.of({ a: 1, b: 1 }).key());
    assert.notEqual(LinForm.of({ 'a=1/1;': 1 }).key(), LinForm.of({ a: 1 }).key());
  });
  it('direction keys: forms on one line through 0 share one (any nonzero factor, either sign), others do not', () => {
    const f = LinForm.of({ N1: 2, N2: -1, d: -1 }); // N1^2 = N2 d
    assert.equal(f.directionKey(), f.scale(R(-3, 2)).directionKey());
    assert.equal(f.directionKey(), LinForm.of({ d: 1, N2: 1, N1: -2 }).directionKey());
    assert.notEqual(f.directionKey(), LinForm.of({ N1: 1, N2: -1, d: -1 }).directionKey());
    assert.equal(LinForm.ZERO.directionKey(), '');
  });
});
