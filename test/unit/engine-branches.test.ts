// A full trace is its sequence and the way each of its decisions went, so floatTrace gives a branch
// traced before wherever every decision goes the same way, with its values read again (trace.ts).
// Whatever it returns must be what a fresh Tracer gives at that point and level: the same
// constraints, parameters, target and feeds (forms, provenance, values), the same decisions, and the
// same conditions under a binding constraint. Deep networks (48 to 64 layers: branches are kept from
// 48 on), of one width and mixed, at the points and levels a walk asks and farther: a hair to three
// units off the base point along each size, at each sequence's own level and above it.
import { strict as assert } from 'node:assert';
import { compileChain, instance, type Pattern } from '../../src/engine/chain';
import type { ScaleProblem } from '../../src/engine/problem';
import { eqVec } from '../../src/engine/sparse';
import { Passer } from '../../src/engine/pass';
import { floatLevel } from '../../src/engine/solve';
import { conditionSources, floatTrace, Tracer, type Trace, type Value } from '../../src/engine/trace';
import { Rational } from '../../src/engine/rational';
import { randomPoint, randomProblem } from './engineRandom';
import { rng } from './helpers';

const ACTS = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];

function sameValue(a: Value | null, b: Value | null, what: string): void {
  assert.equal(!a, !b, `${what}: present`);
  if (!a || !b) return;
  assert.ok(eqVec(a.c, b.c), `${what}: form`);
  assert.equal(a.spikeLayer, b.spikeLayer, `${what}: spike layer`);
  assert.equal(a.crossedLazy, b.crossedLazy, `${what}: crossed a lazy layer`);
  assert.ok(Math.abs(a.num - b.num) <= 1e-9 * (1 + Math.abs(b.num)), `${what}: value ${a.num} against ${b.num}`);
}

function sameTrace(t: Trace, f: Trace, what: string): void {
  assert.equal(t.constraints.length, f.constraints.length, `${what}: constraints`);
  t.constraints.forEach((c, i) => {
    assert.equal(c.kind, f.constraints[i].kind, `${what}: constraint ${i}`);
    assert.equal(c.layer, f.constraints[i].layer, `${what}: constraint ${i}`);
    sameValue(c.slack, f.constraints[i].slack, `${what}: slack ${i}`);
  });
  assert.equal(t.params.length, f.params.length, `${what}: parameters`);
  t.params.forEach((p, i) => {
    const q = f.params[i];
    assert.deepEqual([p.layer, p.pattern, p.atUpper], [q.layer, q.pattern, q.atUpper], `${what}: parameter ${i}`);
    sameValue(p.log, q.log, `${what}: parameter ${i}`);
  });
  sameValue(t.target, f.target, `${what}: target`);
  t.phiIn.forEach((v, l) => sameValue(v, f.phiIn[l], `${what}: phi into layer ${l + 1}`));
  t.spikedIn.forEach((v, l) => sameValue(v, f.spikedIn[l], `${what}: spiked path into layer ${l + 1}`));
  assert.equal(t.raw.length, f.raw.length, `${what}: decisions`);
  t.raw.forEach((c, i) => assert.ok(eqVec(c, f.raw[i]), `${what}: decision ${i}`));
  // What a branch's conditions are made of, under each constraint taken as the binding one.
  t.constraints.forEach((c, i) => {
    const a = conditionSources(t, c);
    const b = conditionSources(f, f.constraints[i]);
    assert.equal(a.length, b.length, `${what}: conditions under constraint ${i}`);
    a.forEach((v, j) => assert.ok(eqVec(v, b[j]), `${what}: condition ${j} under constraint ${i}`));
  });
}

describe('full traces kept for reuse (floatTrace)', function () {
  this.timeout(300_000);

  it('give what a fresh Tracer gives, where they are reused and where not (48 to 64 hidden layers, one width and mixed)', () => {
    const r = rng(91);
    let compared = 0;
    let reused = 0;
    for (let k = 0; k < 12; k++) {
      const L = 48 + 8 * (k % 3);
      const uniform = k % 2 === 0;
      const hidden = Array.from({ length: L }, (_, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation: uniform ? ACTS[(k >> 1) % 4] : ACTS[Math.floor(r() * ACTS.length)], index: i }));
      const chain = compileChain({ dim: 'd', degree: 3, readout: 'standard', hidden });
      const width = 0.75 + Math.floor(r() * 4) / 4;
      const base = Float64Array.from(chain.symbols, (s) => (s === 'd' ? 1 : uniform ? width : 0.5 + Math.floor(r() * 5) / 4) * Math.log(784));
      const passer = new Passer(instance(chain, base));
      const E0 = floatLevel(passer);
      if (E0 === undefined) continue;
      // The optimum's sequence and those with the most slack a little above it.
      const sequences: Pattern[][] = [];
      for (const dE of [1e-6, 0.05, 0.5]) {
        const seq = passer.run({ E: E0 + dE, eps: 0, best: true }).sequence;
        if (seq && !sequences.some((s) => s.join() === seq.join())) sequences.push(seq);
      }
      const seen = new Set<unknown>();
      for (let axis = 0; axis < chain.symbols.length; axis += 4 + Math.floor(r() * 8)) {
        for (const dq of [2 ** -16, -(2 ** -16), 2 ** -8, -0.1, 0.5, -1, 1.5, 3]) {
          const x = base.slice();
          x[axis] += dq;
          for (const seq of sequences) {
            const own = floatLevel(new Passer(instance(chain, x)), undefined, seq);
            if (own === undefined) continue;
            for (const E of [own, own + 0.01, own + 0.5]) {
              const t = floatTrace(chain, x, E, seq);
              if (seen.has(t.raw)) reused++;
              seen.add(t.raw);
              sameTrace(t, new Tracer(chain, x, E).trace(seq), `network ${k} (${L} layers${uniform ? ` of one width, ${hidden[0].activation}` : ''}), ${chain.symbols[axis]} + ${dq}, ${seq.join('-')} at ${E}`);
              compared++;
            }
          }
        }
      }
    }
    // Both ways taken, often.
    assert.ok(compared > 800 && reused > 200 && reused < compared - 100, `${reused} of ${compared} reused`);
  });
});

// Tracer.cmp breaks a tie just below the held parameter, then just below the level, then along each
// size in order: "for every width wider at once" is no step of its own (tieOrder), because a width
// enters a value that is compared only with the level or the held parameter. The kernels and spiked
// paths into each layer and the target (what max compares) have their widths' coefficients sum to
// minus their coefficients of E and of the held parameter; a specialist's or a magnetization's
// parameter (the min of its bound N and what the level allows, or the held value) has them sum to one
// more. Two values tied in E and the held parameter are then tied in that sum too. If a rule ever
// breaks this, the tie order needs that step back.
describe('the tie order of a trace (Tracer.cmp)', function () {
  this.timeout(120_000);

  it('needs no step for wider layers: the level or the held parameter settles it (every rule and the attention head, exact regimes and sizes)', () => {
    const r = rng(17);
    let checked = 0;
    for (let k = 0; k < 300; k++) {
      // Every seventh, the attention head (its specialists: M <= L against M <= E / d^2).
      const problem: ScaleProblem = k % 7 === 6 ? { dim: 'd', degree: [2, 3, 4][k % 3], readout: 'standard', hidden: [{ kind: 'attention', context: 'L', heads: 1, index: 0 }] } : randomProblem(r, 1 + (k % 6));
      const chain = compileChain(problem);
      const pt = randomPoint(r, chain.symbols, k % 3 === 0);
      const nE = chain.symbols.length;
      const passer = new Passer(instance(chain, pt.float));
      const E0 = floatLevel(passer);
      if (E0 === undefined) continue;
      for (const dE of [1e-6, 0.25, 1]) {
        const seq: Pattern[] | undefined = passer.run({ E: E0 + dE, eps: 0, best: true }).sequence;
        if (!seq) continue;
        const E = Rational.of(Math.ceil((E0 + dE) * 64), 64);
        const traces: Trace[] = [new Tracer(chain, pt.exact, E).trace(seq), floatTrace(chain, pt.float, E.toNumber(), seq)];
        const held = seq.findIndex((p) => p === 'specialization' || p === 'magnetization');
        if (held >= 0) traces.push(new Tracer(chain, pt.exact, E, { held: { layer: held, value: Rational.of(1, 2) } }).trace(seq));
        const sum = (v: Value) => {
          let ws = 0;
          for (let i = 0; i < v.c.length && v.c[i] < nE; i += 2) if (v.c[i] !== chain.dim) ws += v.c[i + 1];
          return (ws + v.e + v.t) / v.scaleK();
        };
        const what: string = `${chain.layers.length} layers, ${seq.join('-')}`;
        for (const t of traces) {
          for (const v of [...t.phiIn, ...t.spikedIn, t.target]) if (v) assert.equal(sum(v), 0, `${what}: a kernel or spiked path`), checked++;
          for (const p of t.params) if (p.pattern !== 'gfl') assert.equal(sum(p.log), 1, `${what}: the parameter of layer ${p.layer + 1}`), checked++;
        }
      }
    }
    assert.ok(checked > 3000, `${checked} values checked`);
  });
});
