import { strict as assert } from 'node:assert';
import { LinForm } from '../../src/engine/linform';
import { solveAt, solveBranches, type LpTerm, type ParamSpec } from '../oracle/lp';
import { R } from '../../src/engine/rational';

const term = (e: Record<string, number | [number, number]>, label = ''): LpTerm => ({
  form: LinForm.of(Object.fromEntries(Object.entries(e).map(([k, v]) => [k, Array.isArray(v) ? R(v[0], v[1]) : R(v)]))),
  label,
});
const at = (syms: string[], x: Record<string, number>) => Float64Array.from(syms.map((s) => x[s]));

describe('engine: the exponent linear program', () => {
  const syms = ['N', 'd'];
  // E = M d + N / M, 1 <= M <= N: the specialization balance of method.md section 6.
  const terms = [term({ M: 1, d: 1 }), term({ N: 1, M: -1 })];
  const params: ParamSpec[] = [{ name: 'M', lower: true, upper: 'N' }];
  const branches = solveBranches(terms, params, syms);

  it('finds the interior optimum A M + B/M: M* = sqrt(B/A), E* = sqrt(AB)', () => {
    const interior = branches.find((b) => b.activeBounds.length === 0)!;
    assert.deepEqual(interior.energy.toExponents(syms), { N: '1/2', d: '1/2' });
    assert.deepEqual(interior.params.M.toExponents(syms), { N: '1/2', d: '-1/2' });
    assert.deepEqual(interior.activeTerms, [0, 1]);
  });

  it('moves to the bound M = 1 when M* < 1 (N < d), and the exponent changes', () => {
    const r = solveAt(branches, at(syms, { N: 1, d: 2 }))!; // N = d^(1/2)
    assert.ok(Math.abs(r.value - 2) < 1e-12, `value ${r.value}`); // E = d: the M d term at M = 1
    assert.deepEqual(r.branch.activeBounds.map((b) => b.text), ['M = 1']);
    assert.deepEqual(r.branch.energy.toExponents(syms), { d: '1' });
  });

  it('stays interior where N >= d', () => {
    const r = solveAt(branches, at(syms, { N: 3, d: 1 }))!;
    assert.ok(Math.abs(r.value - 2) < 1e-12);
    assert.equal(r.branch.activeBounds.length, 0);
  });

  it('handles the three-term balance A M + B beta/M + C/beta exactly', () => {
    const s3 = ['N1', 'N2', 'd'];
    const t = [term({ M: 1, d: 1 }), term({ beta: 1, N1: 1, M: -1 }), term({ N2: 1, beta: -1 })];
    const p: ParamSpec[] = [
      { name: 'M', lower: true, upper: 'N1' },
      { name: 'beta', lower: false },
    ];
    const interior = solveBranches(t, p, s3).find((b) => b.activeBounds.length === 0)!;
    assert.deepEqual(interior.energy.toExponents(s3), { N1: '1/3', N2: '1/3', d: '1/3' });
    assert.deepEqual(interior.params.M.toExponents(s3), { N1: '1/3', N2: '1/3', d: '-2/3' });
    assert.deepEqual(interior.params.beta.toExponents(s3), { N1: '-1/3', N2: '2/3', d: '-1/3' });
  });

  it('gives A D + B D^-m the exponent A^(m/(m+1)) B^(1/(m+1))', () => {
    // m = 3, A = N, B = d^3: E = N^(3/4) d^(3/4).
    const b = solveBranches([term({ N: 1, D: 1 }), term({ d: 3, D: -3 })], [{ name: 'D', lower: true }], syms).find((x) => !x.activeBounds.length)!;
    assert.deepEqual(b.energy.toExponents(syms), { N: '3/4', d: '3/4' });
    assert.deepEqual(b.params.D.toExponents(syms), { N: '-1/4', d: '3/4' });
  });

  it('resolves a degenerate tie: a parameter that no term needs sits at its bound', () => {
    // max(M d, d^3): every M <= d^2 is optimal; the reported branch is M = 1 with E = d^3.
    const br = solveBranches([term({ M: 1, d: 1 }), term({ d: 3 })], [{ name: 'M', lower: true, upper: 'N' }], syms);
    const r = solveAt(br, at(syms, { N: 10, d: 1 }))!;
    assert.ok(Math.abs(r.value - 3) < 1e-12);
    assert.deepEqual(r.branch.energy.toExponents(syms), { d: '3' });
  });

  it('reports infeasible bounds (1 <= M <= N with N < 1) instead of a number', () => {
    assert.equal(solveAt(branches, at(syms, { N: -1, d: 1 })), undefined);
  });
});
