// The layer-by-layer engine against the test oracle (test/oracle: this project's first engine, which
// enumerates every pattern of every layer and solves each candidate's linear program exactly).
// Compared where the two implement the same rules: odd activations (erf, tanh, sin), odd target
// degrees and no biases (the degree vector then reduces to the phi and y paths the oracle tracks).
// Elsewhere the hand-worked tests (engine-rules.test.ts) check the new rules.
import { strict as assert } from 'node:assert';
import { compileChain, type ScaleProblem } from '../../src/engine/index';
import { optimumAt, parameterRanges, type Point } from '../../src/engine/solve';
import { Rational } from '../../src/engine/rational';
import { forgetOracle, oracleRank, type Candidate } from '../oracle/index';
import { randomOddProblem as randomProblem } from './engineRandom';
import { rng } from './helpers';

const EXPONENTS = ['0', '1/3', '1/2', '2/3', '1', '4/3', '3/2', '2', '5/2', '3', '4', '6'].map((e) => Rational.parse(e));

function regimePoint(r: () => number, symbols: string[]): Point {
  const exact = symbols.map((s) => (s === 'd' ? Rational.ONE : EXPONENTS[Math.floor(r() * EXPONENTS.length)]));
  return { exact, float: Float64Array.from(exact, (x) => x.toNumber()) };
}

function sizesPoint(r: () => number, symbols: string[]): Point {
  const exact = symbols.map(() => Rational.of(Math.round(Math.log(2 + Math.floor(r() * 5000)) * 2 ** 20), 2 ** 20));
  return { exact, float: Float64Array.from(exact, (x) => x.toNumber()) };
}

const TOL = 1e-7;

interface Compared {
  points: number;
  params: number;
}

/** Compares the two engines at one point; returns how many parameters were compared. */
function compare(problem: ScaleProblem, point: Point, where: string): number {
  const chain = compileChain(problem);
  const x: Record<string, number> = {};
  chain.symbols.forEach((s, i) => (x[s] = point.float[i]));
  const oracle = oracleRank(problem, x);
  const opt = optimumAt(chain, point, { ties: true });
  assert.ok(oracle && opt, `${where}: both engines give an optimum`);
  const scale = Math.max(1, ...point.float.map(Math.abs));
  assert.ok(Math.abs(opt.E.toNumber() - oracle.winner.value) <= TOL * scale, `${where}: E* ${opt.E} vs oracle ${oracle.winner.value} (${oracle.winner.candidate.id})`);
  assert.equal(opt.certificate.checked, true, `${where}: certified`);
  assert.equal(opt.sequence.join('-'), oracle.winner.candidate.id, `${where}: winner`);
  assert.equal(Number(opt.ties!.count), oracle.tied.length, `${where}: tied ${oracle.tied.map((e) => e.candidate.id)} vs ${opt.ties!.count}`);
  // Parameters, where the optimum determines them.
  let compared = 0;
  const ranges = parameterRanges(chain, point, opt);
  const winner: Candidate = oracle.winner.candidate;
  for (const p of opt.trace.params) {
    const range = ranges.find((q) => q.layer === p.layer);
    if (!range || !range.min || !range.min.equals(range.max) || p.pattern === 'gfl') continue;
    const name = winner.params.find((q) => winner.paramLayer[q.name] === p.layer)?.name;
    if (!name) continue;
    const oracleValue = oracle.winner.branch.params[name].evalFloat(x);
    const ours = range.max.evalFloat(x);
    assert.ok(Math.abs(oracleValue - ours) <= 1e-6 * scale, `${where}: ${name} = ${ours} vs oracle ${oracleValue}`);
    compared++;
  }
  return compared;
}

describe('layer-by-layer engine against the enumeration oracle (odd activations, odd degrees, no biases)', function () {
  this.timeout(600_000);
  after(forgetOracle);
  const plan: [number, number, number][] = [
    // [hidden layers, architectures, points per architecture]
    [1, 24, 60],
    [2, 30, 60],
    [3, 24, 60],
    [4, 6, 60],
  ];
  for (const [hidden, archs, per] of plan) {
    it(`${hidden} hidden layer${hidden > 1 ? 's' : ''}: ${archs * per} points, same E*, winner, ties and determined parameters`, () => {
      const r = rng(1000 + hidden);
      const seen: Compared = { points: 0, params: 0 };
      for (let a = 0; a < archs; a++) {
        const problem = randomProblem(r, hidden);
        const symbols = compileChain(problem).symbols;
        for (let k = 0; k < per; k++) {
          const point = k % 3 === 2 ? sizesPoint(r, symbols) : regimePoint(r, symbols);
          const where = `${problem.hidden.map((h) => (h.kind === 'dense' ? h.activation : '')).join(',')} m=${problem.degree} ${problem.readout} at ${symbols.map((s, i) => `${s}=${point.exact[i]}`).join(' ')}`;
          seen.params += compare(problem, point, where);
          seen.points++;
        }
      }
      assert.equal(seen.points, archs * per);
      assert.ok(seen.params > 0);
    });
  }
});

