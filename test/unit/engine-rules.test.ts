// The rules amended with the degree vector and the honesty rules (docs/method.md, "Degree support",
// "Biases", "The status of a result"), each expectation worked out by hand in the comment above it.
import { strict as assert } from 'node:assert';
import type { Layer } from '../../src/model/types';
import { analyzeModel } from '../../src/report/build';
import type { ModelResult } from '../../src/contract/result';
import { cli, modelOf, tempFile } from './helpers';

const model = modelOf;
const dense = (width: string | number, activation = 'erf', bias?: boolean): Layer => ({ type: 'dense', width, activation, ...(bias ? { bias } : {}) });
const cand = (r: ModelResult, id: string) => {
  const c = r.candidates.find((x) => x.id === id);
  assert.ok(c, `no candidate ${id} in ${r.candidates.map((x) => x.id).join(', ')}`);
  return c;
};
const degree = (m: number) => ({ target: { kind: 'single-index' as const, degree: m } });

describe('degree support: which networks can carry the target', () => {
  it('an even target for an erf network is not learnable, with no number (API and CLI)', () => {
    // erf is odd, so every composition of erf layers is odd: no path carries He_2.
    const r = analyzeModel(model([dense('N')], { ...degree(2), regime: { N: 'd' } }));
    assert.equal(r.pStar, null);
    assert.match(r.reason!, /an odd network has no even component/);
    assert.equal(r.candidates.length, 0);
    assert.ok(r.diagnostics.some((d) => d.code === 'not-learnable'));
    // Two bias-free sigmoid layers: the verdict rests on an open question (the first layer's constant
    // part acts as a bias of the second), and says so; with a bias, He_2 is reached.
    const sig = analyzeModel(model([dense('N1', 'sigmoid'), dense('N2', 'sigmoid')], { ...degree(2), regime: { N1: 'd', N2: 'd' } }));
    assert.equal(sig.pStar, null);
    assert.match(sig.reason!, /This rests on an open question: the constant part of the activation below layer 2 gives it a random offset through the weights, which acts as a bias the rules do not count; counted as one, He_2 is reached/);
    assert.doesNotMatch(r.reason!, /open question/);
    // One full stop between the reason and what follows (a reason that ends in one gave "He_3.. No P*").
    const gelu = analyzeModel(model([dense('N', 'gelu')], { regime: { N: 'd' } }));
    assert.match(gelu.diagnostics.find((d) => d.code === 'not-learnable')!.message, /two can carry He_3\. No P\* is given\.$/);
    const deep = analyzeModel(model([dense('N1'), dense('N2', 'tanh'), dense('N3', 'sin')], degree(4)));
    assert.equal(deep.pStar, null);
    const f = tempFile('even.json', JSON.stringify({ scalingModel: model([dense('N')], degree(2)) }));
    const json = cli(['analyze', f, '--json']);
    assert.equal(json.code, 0);
    const m = JSON.parse(json.out).files[0].models[0];
    assert.equal(m.pStar, null);
    assert.match(m.reason, /odd network/);
    const text = cli(['analyze', f]);
    assert.match(text.out, /not learnable by this network: an odd network has no even component/i);
    assert.doesNotMatch(text.out, /P\* ∝/);
  });

  it('He_3 through one ReLU layer: not learnable; through two: (N1 N2^(3/2) d)^(1/3) at best', () => {
    // One ReLU (degrees 0, 1, even) never makes degree 3 from the linear input kernel.
    for (const act of ['relu', 'gelu', 'silu', 'softplus', 'leaky_relu']) {
      const one = analyzeModel(model([dense('N', act)], { regime: { N: 'd' } }));
      assert.equal(one.pStar, null, act);
    }
    // Two layers (logs in units of log d, N1 = N2 = d): the second maps lambda_1, lambda_2 of the first
    // into lambda_3 = lambda_1 + lambda_2 (its degree-2 component). Spec-GFL: t = log M1 = E - 1,
    // spike t - n1 on degrees 1 and 2, then D2^3: lambda_3 = 2(t - n1) + 3(E - n2); the readout
    // -lambda_3 <= E gives 6E = 2 n1 + 3 n2 + 2: E = 7/6, E ∝ N1^(1/3) N2^(1/2) d^(1/3).
    // Spec-GP: t + 1 = 2(n1 - t): E = (2 n1 + 2)/3 = 4/3. GFL-GFL: 3 - 3(E-1) - 3(E-1) = E: 9/7.
    const two = analyzeModel(model([dense('N1', 'relu'), dense('N2', 'relu')], { regime: { N1: 'd', N2: 'd' } }));
    assert.equal(two.winner, 'specialization-gfl');
    assert.equal(two.pStar!.inD, '7/6');
    assert.deepEqual(two.pStar!.exponents, { kappa: '1', N1: '1/3', N2: '1/2', d: '1/3' });
    assert.equal(cand(two, 'specialization-gp').energy.inD, '4/3');
    assert.equal(cand(two, 'gfl-gfl').energy.inD, '9/7');
    assert.equal(cand(two, 'gp-gp').energy.inD, '3');
    // A spike in the last ReLU layer lands on degrees 1, 2, 4, ...: it cannot raise He_3.
    assert.equal(cand(two, 'gp-specialization').energy.inD, '3');
    assert.equal(two.pStar!.status, 'derived');
  });

  it('an activation\'s name is read whatever its case and separators; one the rules do not know is said at its layer, with the name it is nearest', () => {
    // "hard-swish" and "hard swish" (the README's spelling) were "not one the rules know", "hard_swish" not.
    for (const name of ['hardswish', 'hard_swish', 'hard-swish', 'hard swish', 'Hard Swish']) {
      assert.equal(analyzeModel(model([dense('N', name)], { ...degree(2), regime: { N: 'd' } })).layers[0].activation, 'hardswish', name);
    }
    assert.equal(analyzeModel(model([dense('N', 'Leaky ReLU')], { ...degree(2), regime: { N: 'd' } })).layers[0].activation, 'leaky_relu');
    // A typo: the model's warning on its first line, and one at the layer (the typo was lines below), with "did you mean".
    const layer = { ...dense('N', 'rleu'), range: { start: { line: 5, character: 6 }, end: { line: 5, character: 60 } } } as Layer;
    const r = analyzeModel(model([layer], { regime: { N: 'd' } }));
    const at = r.diagnostics.find((d) => d.code === 'unknown-activation')!;
    assert.deepEqual(at.range, layer.range);
    assert.match(at.message, /^layer 1: activation 'rleu' is not one the rules know \(did you mean 'relu'\? known: /);
  });
  it('sigmoid carries degree 0 and the odd degrees: He_3 in one layer, He_2 not', () => {
    assert.equal(analyzeModel(model([dense('N', 'sigmoid')], { regime: { N: 'd' } })).pStar!.inD, '1');
    assert.equal(analyzeModel(model([dense('N', 'sigmoid')], { ...degree(2), regime: { N: 'd' } })).pStar, null);
  });
});

describe('biases', () => {
  it('an O(1) bias brings He_2 into an erf layer at d^-2; with sigma_b^2 ∝ 1/d at d^-3', () => {
    // erf + bias: degree 2 enters with weight sigma_b^2. Lazy: lambda_2 = 2 lambda_1 + log sigma_b^2.
    // O(1): d^-2, so GP costs d^2. Spec: M d + N/M (the spike lands on degree 2 with weight 1): √(N d).
    const o1 = analyzeModel(model([dense('N', 'erf', true)], { ...degree(2), regime: { N: 'd' } }));
    assert.equal(cand(o1, 'gp').energy.inD, '2');
    assert.equal(o1.winner, 'specialization');
    assert.equal(o1.pStar!.inD, '1');
    assert.equal(o1.pStar!.status, 'derived');
    assert.ok(o1.assumptions!.some((a) => a.what === 'bias of layer 1' && a.value === 'yes'));
    assert.ok(o1.assumptions!.some((a) => a.what === 'bias variance sigma_b^2' && a.source === 'default'));
    // sigma_b^2 ∝ 1/d: lazy d^-3 (GP d^3); the spike's degree-2 part is (M/N)/d: M d + N d/M, √(N d²).
    const small = analyzeModel(model([dense('N', 'erf', true)], { ...degree(2), regime: { N: 'd' }, biasVariance: '1/d' }));
    assert.equal(cand(small, 'gp').energy.inD, '3');
    assert.deepEqual(small.pStar!.exponents, { kappa: '1', N: '1/2', d: '1' });
    assert.ok(small.assumptions!.some((a) => a.what === 'bias variance sigma_b^2' && a.value === '∝ 1/d'));
  });

  it('a bias variance that grows with d, or a regime that shrinks a width, is refused at its value (a reviewer\'s cases: P* ∝ 1/d, and M* = N beyond M <= N)', () => {
    // sigma_b^2 = d^3: lambda_2 = -2 + 3 = d^1, above 1, and P* came out as 1/d; a growing bias
    // outweighs the weights' order-1 part of every preactivation, outside the rules.
    const f = tempFile('bias-grows.json', JSON.stringify({ scalingModel: model([dense('N', 'erf', true)], { ...degree(2), regime: { N: 'd^2' }, biasVariance: 'd^3' }) }, null, 1));
    const out = JSON.parse(cli(['analyze', f, '--json']).out);
    const diag = [...out.files[0].diagnostics, ...(out.files[0].models[0]?.diagnostics ?? [])].find((x: { message: string }) => /grows with d/.test(x.message));
    assert.ok(diag, JSON.stringify(out.files[0]));
    assert.equal(diag.severity, 'error');
    assert.match(diag.message, /^"biasVariance" "d\^3" grows with d: the bias would outweigh the weights in every preactivation/);
    assert.ok(diag.range.start.line > 0, 'at its value');
    // Given to the engine by another way (the API): blocked with the same reason, no number.
    const api = analyzeModel(model([dense('N', 'erf', true)], { ...degree(2), regime: { N: 'd^2' }, biasVariance: 'd' }));
    assert.equal(api.pStar, undefined);
    assert.ok(api.diagnostics.some((x) => /grows with d/.test(x.message)));
    // N = d^-1 falls below one neuron as d grows (a numeric size below 1 is refused too).
    const g = tempFile('regime-shrinks.json', JSON.stringify({ scalingModel: model([dense('N')], { regime: { N: 'd^-1' } }) }, null, 1));
    const out2 = JSON.parse(cli(['analyze', g, '--json']).out);
    const d2 = [...out2.files[0].diagnostics, ...(out2.files[0].models[0]?.diagnostics ?? [])].find((x: { message: string }) => /shrinks as d grows/.test(x.message));
    assert.ok(d2, JSON.stringify(out2.files[0]));
    assert.match(d2.message, /^regime N = d\^-1 shrinks as d grows: a width or context falls below 1/);
    assert.equal(analyzeModel(model([dense('N')], { regime: { N: 'd^(-1/2)' } })).pStar, undefined);
  });

  it('a bias does not change an odd target through an odd network (the paper case keeps its number, not its status)', () => {
    const r = analyzeModel(model([dense('N', 'erf', true)], { regime: { N: 'd' } }));
    assert.equal(r.pStar!.inD, '1');
    assert.equal(r.pStar!.status, 'derived'); // the paper's networks have no bias
  });
});

describe('magnetization bounded by beta <= N', () => {
  it('mean-field readout, N1 = d, N2 = d^3: beta reaches N2 and Spec-Mag costs N2 (not (N1 N2^2 d)^(1/3))', () => {
    // Spec-Mag with a_y = N2/lambda(y), lambda(y) = beta/N2: costs t + 1 (t = log M1), b - (t - n1),
    // 2 n2 - b. Unbounded: E = (2 n2 + n1 + 1)/3 = 8/3, with b = 2E - 1 - n1 = 10/3 > n2 = 3. With
    // beta <= N2, b = n2: the readout gives E >= n2 = 3 and the magnetization (n1 + n2 + 1)/2 = 5/2.
    const r = analyzeModel(model([dense('N1'), dense('N2')], { parametrization: { readout: 'mean-field' }, regime: { N1: 'd', N2: 'd^3' } }));
    const c = cand(r, 'specialization-magnetization');
    assert.equal(c.energy.inD, '3');
    assert.deepEqual(c.params.beta.exponents, { N2: '1' });
    assert.ok(c.activeBounds!.includes('beta = N2'), c.activeBounds!.join(', '));
  });
});

describe('the status of a result (not only of its rules)', () => {
  const status = (r: ModelResult) => r.pStar!.status;
  it('paper only where the paper states that exponent for that network', () => {
    assert.equal(status(analyzeModel(model([dense('N')], { regime: { N: 'd' } }))), 'paper');
    assert.equal(status(analyzeModel(model([dense('N')], { regime: { N: 'd^6' } }))), 'paper'); // GP d^3
    // N < d: the specialist bound M = 1 binds, P* ∝ d; the paper states √(N d), not this branch.
    assert.equal(status(analyzeModel(model([dense('N')], { regime: { N: 'd^(1/2)' } }))), 'derived');
    assert.equal(status(analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd^2', N2: 'd' } }))), 'paper');
    assert.equal(status(analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd', N2: 'd' } }))), 'paper');
    // Spec-GP at N1 = d, N2 = d^3 (a row the paper does not print).
    assert.equal(status(analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd', N2: 'd^3' } }))), 'derived');
    // GFL-Spec wins at N1 = d^(1/2), N2 = d with ∛(N1 N2 d): Spec-Mag's formula, but not its row.
    const gfl = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd^(1/2)', N2: 'd' } }));
    assert.equal(gfl.winner, 'gfl-specialization');
    assert.deepEqual(gfl.pStar!.exponents, { kappa: '1', N1: '1/3', N2: '1/3', d: '1/3' });
    assert.equal(status(gfl), 'derived');
    // Three hidden layers, other activations, other degrees: derived.
    assert.equal(status(analyzeModel(model([dense('N1'), dense('N2'), dense('N3')], { regime: { N1: 'd', N2: 'd', N3: 'd' } }))), 'derived');
    assert.equal(status(analyzeModel(model([dense('N', 'tanh')], { regime: { N: 'd' } }))), 'derived');
    assert.equal(status(analyzeModel(model([dense('N')], { ...degree(5), regime: { N: 'd' } }))), 'derived');
  });

  it('sizes off the regime: no exponent under the regime is read off the sizes, nor ties or a paper status borrowed from the regime, and a warning gives P* under the regime', () => {
    // Two erf layers, He_3, regime N1 = d^2, N2 = d, but sizes N1 = 100, N2 = 256 at d = 784 (N1 is
    // d^0.69 there). At the sizes GFL-Spec wins, √(N1 d) ≈ 280, below Spec's d = 784 and GP-Spec's
    // √(N2 d) = 448. Under the regime its formula reads d^(3/2), while GP-Spec's √(N2 d) = d (a paper
    // row) and Spec-Spec's d reach d^1, the regime's P*: d^(3/2) is not P* under the regime, those
    // are not ties of this winner, and no exponent the paper states (before: inD 3/2, "tied:
    // gp-specialization, specialization-specialization", [paper]).
    const sizes = { d: 784, N1: 100, N2: 256 };
    const r = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd^2', N2: 'd' }, sizes }));
    assert.equal(r.winner, 'gfl-specialization');
    assert.equal(r.pStar!.inD, undefined);
    assert.ok(r.candidates.every((c) => c.energy.inD === undefined));
    assert.equal(status(r), 'derived');
    assert.equal(r.tied, undefined);
    assert.equal(r.tiedCount, undefined);
    const warn = r.diagnostics.find((x) => x.code === 'sizes-off-regime');
    assert.ok(warn, JSON.stringify(r.diagnostics));
    assert.equal(warn.severity, 'warning');
    assert.match(warn.message, /P\* at these sizes, κ·√\(N1·d\) \(gfl-specialization\), is not P\* under the regime, which is ∝ d \(gp-specialization and 1 more tied\)/);
    assert.match(warn.message, /N1 = 100 is d\^0\.691 at d = 784, where the regime says d\^2/);
    assert.ok(r.derivation!.some((l) => l.startsWith('The sizes do not follow the regime')));
    // One erf layer, N = 100 at d = 784, regime N = d^2: at the sizes the specialist's bound M = 1
    // binds (N < d) and P* ∝ d; that branch read under the regime gives d^1, below P* there, √(N d) =
    // d^(3/2) (the bound no longer binds): before, "= κ·d^1 under the regime".
    const one = analyzeModel(model([dense('N')], { regime: { N: 'd^2' }, sizes: { d: 784, N: 100 } }));
    assert.equal(one.winner, 'specialization');
    assert.deepEqual(one.pStar!.exponents, { kappa: '1', d: '1' });
    assert.equal(one.pStar!.inD, undefined);
    assert.match(one.diagnostics.find((x) => x.code === 'sizes-off-regime')!.message, /P\* at these sizes, κ·d \(specialization\), is not P\* under the regime, which is ∝ d\^\(3\/2\) \(specialization\)/);
    // On the regime (N1 = d as well): the same winner at the sizes is among the six at d^1; the note
    // says the sizes named it, not the simplicity rule (which under the regime alone names GP-Spec).
    // Its status is its own row's: GFL-Spec's √(N1 d) and its value at the sizes are not the paper's,
    // though GP-Spec's row reaches the same d^1 under the regime (it said paper).
    const on = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd', N2: 'd' }, sizes }));
    assert.equal(on.winner, 'gfl-specialization');
    assert.equal(on.pStar!.inD, '1');
    assert.equal(status(on), 'derived');
    // One layer at N = 1000 < d = 4096 under N = d: the bound M = 1 binds at the sizes, P* ∝ d, the
    // paper's √(N d) is not this branch (it said paper from the regime's own row).
    assert.equal(status(analyzeModel(model([dense('N')], { regime: { N: 'd' }, sizes: { d: 4096, N: 1000 } }))), 'derived');
    // A paper row that wins at the sizes is the paper's there too.
    assert.equal(status(analyzeModel(model([dense('N')], { regime: { N: 'd^2' }, sizes: { d: 100, N: 10000 } }))), 'paper');
    assert.equal(on.tiedCount, 6);
    assert.ok(!on.diagnostics.some((x) => x.code === 'sizes-off-regime'));
    const ties = on.notes!.find((n) => n.kind === 'ties')!.text;
    assert.match(ties, /^6 pattern sequences reach the same exponent under the regime; the winner is named at the given sizes, where it is the lowest \(under the regime alone the simplest of them, gp-specialization, would be named\)$/);
    assert.ok(on.derivation!.some((l) => l.startsWith('Tied under the regime (same exponent; the winner is named at the given sizes')));
    // Sizes on the regime (N1 = N2 = d = 784) tie the six alike, and the rule names the winner there.
    const exact = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd', N2: 'd' }, sizes: { d: 784, N1: 784, N2: 784 } }));
    assert.equal(exact.winner, 'gp-specialization');
    assert.match(exact.notes!.find((n) => n.kind === 'ties')!.text, /^6 pattern sequences reach the same exponent; the simplest is named \(/);
    // A regime alone: the simplest of the ties is named, as the rule says.
    const alone = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd', N2: 'd' } }));
    assert.equal(alone.winner, 'gp-specialization');
    assert.match(alone.notes!.find((n) => n.kind === 'ties')!.text, /; the simplest is named \(/);
  });

  it('the attention head: reported for m = 3 in its interior branch only', () => {
    const head = (m: number, L: string) => analyzeModel(model([{ type: 'attention', context: 'L' } as Layer], { ...degree(m), regime: { L } }));
    const r3 = head(3, 'd^2');
    assert.deepEqual(r3.pStar!.exponents, { kappa: '1', L: '1/2', d: '3/2' });
    assert.equal(status(r3), 'reported');
    // L < d: the M = 1 branch (cost d^2), our reconstruction: derived.
    assert.equal(status(head(3, 'd^(1/2)')), 'derived');
    // m = 5: √(L d^5), also ours.
    const r5 = head(5, 'd^2');
    assert.deepEqual(r5.pStar!.exponents, { kappa: '1', L: '1/2', d: '5/2' });
    assert.equal(status(r5), 'derived');
  });

  it('a head the rules do not cover stops the analysis at the head: after dense layers, or before a mean-field readout (it was replaced by the standard one, "reported")', () => {
    const head: Layer = { type: 'attention', context: 'L' } as Layer;
    const mf = analyzeModel(model([head], { parametrization: { readout: 'mean-field' }, regime: { L: 'd^2' } }));
    assert.equal(mf.pStar, undefined);
    assert.deepEqual(mf.notCovered.map((n) => [n.layer, n.type]), [[0, 'attention']]);
    assert.match(mf.notCovered[0].reason, /a mean-field readout after an attention head is outside the rules/);
    assert.equal(mf.layers[0].covered, false);
    const after = analyzeModel(model([dense('N'), head], { regime: { N: 'd', L: 'd' } }));
    assert.equal(after.pStar, undefined);
    assert.deepEqual(after.notCovered.map((n) => n.layer), [1]);
    assert.match(after.notCovered[0].reason, /combined with other layers/);
    // A linear layer is refused for every target, with a reason true of each (for He_1 it carries the target).
    const lin1 = analyzeModel(model([dense('N', 'linear')], { ...degree(1), regime: { N: 'd' } }));
    assert.equal(lin1.notCovered[0].reason, 'a linear layer has no Hermite component beyond degree 1; the rules do not cover linear layers');
    const lin3 = analyzeModel(model([dense('N', 'linear')], { regime: { N: 'd' } }));
    assert.equal(lin3.notCovered[0].reason, 'a linear layer has no Hermite component beyond degree 1, so it does not carry the target; the rules do not cover linear layers');
  });

  it('every candidate in the table carries the status of its own exponent', () => {
    const r = analyzeModel(model([dense('N1'), dense('N2')]));
    assert.equal(cand(r, 'gp-specialization').status, 'paper');
    assert.equal(cand(r, 'specialization-magnetization').status, 'paper');
    assert.equal(cand(r, 'gfl-specialization').status, 'derived');
    assert.equal(cand(r, 'specialization-gp').status, 'derived');
  });
});

describe('the runner-up', () => {
  it('without a regime or sizes it is the nearest sequence above the winner by its own level, never a tied one', () => {
    // Two erf layers at the reference point N1 = N2 = d^2: GP-Spec wins with √(N2 d) = d^(3/2), and
    // Spec-GP, Spec-Spec and Spec-Mag tie it (Spec-Mag on its branch √(N1 d); its interior formula
    // ∛(N1 N2 d) = d^(5/3) is what its row shows, and it was named runner-up from that row). The
    // nearest above is Spec-GFL at N2 = d^2.
    const r = analyzeModel(model([dense('N1'), dense('N2')]));
    assert.equal(r.winner, 'gp-specialization');
    assert.equal(r.tiedCount, 4);
    assert.ok(!r.tied!.includes(r.runnerUp!), `${r.runnerUp} is tied`);
    assert.equal(r.runnerUp, 'specialization-gfl');
    assert.ok(r.derivation!.includes('Runner-up: specialization-gfl, E ∝ N2.'), r.derivation!.join('\n'));
  });
});

describe('what a result must say besides its number', () => {
  it('counting floor: an exponent of d below 1 under a regime says that P >~ d is the stronger bound', () => {
    // A specialist costs M/lambda(phi) >= d on a lazy input, but GFL in front raises lambda(phi) by D:
    // GFL-Spec, logs in units of log d: log D1 = E - n1, log M2 <= 2E - 1 - n1, readout
    // n2 - log M2 <= E, so E = max(n1, (1 + n1)/2, (n1 + n2 + 1)/3) = 5/6 at N1 = d^(1/2), N2 = d.
    const r = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd^(1/2)', N2: 'd' } }));
    assert.equal(r.pStar!.inD, '5/6');
    const n = r.notes!.find((x) => x.kind === 'counting-floor');
    assert.ok(n && /counting bound P ≳ d/.test(n.text));
    // At d or above there is no such note.
    assert.ok(!analyzeModel(model([dense('N')], { regime: { N: 'd' } })).notes?.some((x) => x.kind === 'counting-floor'));
  });

  it('open question: a result that rests on a layer\'s lazy map passing a spike says so (a lazy layer or a GFL layer)', () => {
    // Spec-GP at N1 = d, N2 = d^3: layer 1's spike reaches the readout through lazy layer 2.
    const r = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd', N2: 'd^3' } }));
    assert.equal(r.winner, 'specialization-gp');
    assert.ok(r.notes!.some((x) => x.kind === 'open-question'));
    assert.ok(r.derivation!.some((l) => /open question/.test(l)));
    // GP-Spec (the spike is made in the last layer) rests on no such rule.
    assert.ok(!analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd^2', N2: 'd' } })).notes?.some((x) => x.kind === 'open-question'));
    // A GFL layer passes the spike through its lazy map too, scaled by D^j (a reviewer's case: two
    // ReLU layers, He_3, N1 = N2 = d: Spec-GFL, (N1^2 N2^3 d^2)^(1/6), said nothing).
    const gfl = analyzeModel(model([dense('N1', 'relu'), dense('N2', 'relu')], { regime: { N1: 'd', N2: 'd' } }));
    assert.equal(gfl.winner, 'specialization-gfl');
    assert.equal(gfl.pStar!.inD, '7/6');
    assert.ok(gfl.notes!.some((x) => x.kind === 'open-question' && /a lazy layer, a GFL layer, or the lazy neurons beside a specialist/.test(x.text)));
    // GFL-Spec (the spike made last) rests on none.
    const gs = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd^(1/2)', N2: 'd' } }));
    assert.equal(gs.winner, 'gfl-specialization');
    assert.ok(!gs.notes?.some((x) => x.kind === 'open-question'));
  });

  it('a numeric κ is a prefactor: P*\'s value at the sizes leaves it out, as every candidate\'s does, and the assumptions list it (it was folded into P*\'s value alone, beside "no prefactor")', () => {
    const r = analyzeModel(model([dense('N1'), dense('N2')], { parametrization: { readout: 'standard', kappa: 0.01 }, sizes: { d: 100, N1: 100, N2: 100 } }));
    assert.equal(r.pStar!.value, 100); // √(N2 d), not 0.01 · 100
    assert.equal(r.pStar!.value, cand(r, r.winner!).energy.value);
    assert.ok(r.assumptions!.some((a) => a.what === 'kappa' && a.value === '0.01 (a prefactor of P*: the values at the sizes leave it out)'), JSON.stringify(r.assumptions));
    const f = tempFile('kappa.json', JSON.stringify({ scalingModel: model([dense('N1'), dense('N2')], { parametrization: { readout: 'standard', kappa: 0.01 }, sizes: { d: 100, N1: 100, N2: 100 } }) }));
    assert.match(cli(['analyze', f]).out, /≈ 100 at the sizes \(no prefactor\)/);
  });

  it('undetermined parameters: a flat optimum gives a range, not one value', () => {
    // N1 = d^3, N2 = d^2: GP-Spec wins with √(N2 d) = d^(3/2). Spec-Spec ties: layer 1's spike does
    // not reach the target (√(N2 d) comes from layer 2), so any M1 from 1 up to what the level allows,
    // E - 1 in logs = √(N2/d), gives the same P*: the range [1, √(N2/d)] (docs/method.md).
    const r = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd^3', N2: 'd^2' } }));
    assert.equal(r.winner, 'gp-specialization');
    assert.ok(r.tied!.includes('specialization-specialization'));
    const m1 = cand(r, 'specialization-specialization').params.M1;
    assert.ok(m1.range, JSON.stringify(m1));
    assert.deepEqual(m1.range!.min!.exponents, {});
    assert.deepEqual(m1.range!.max.exponents, { N2: '1/2', d: '-1/2' });
    assert.equal(m1.exponents, undefined);
    // The winner's own M2 is determined.
    assert.equal(cand(r, 'gp-specialization').params.M2.range, undefined);
    // With no lower limit from the level, a specialist's M still counts neurons: from 1, not 0 (the
    // attention head at L = d^4, m = 4, said "any from 0").
    const head = analyzeModel(model([{ type: 'attention', context: 'L' } as Layer], { ...degree(4), regime: { L: 'd^4' } }));
    // (The head's specialist costs M·d², not 1/λ(φ): held at M = 1 it reaches the level, and the
    // range's least value is that 1, not "no limit".)
    const m = head.candidates.flatMap((c) => Object.values(c.params)).find((p) => p.range);
    assert.ok(m, JSON.stringify(head.candidates.map((c) => c.params)));
    assert.match(m.text!, /^any from 1 to /);
    assert.ok(m.range!.min === null || Object.keys(m.range!.min.exponents).length === 0, JSON.stringify(m.range));
  });
});

describe('a reviewer\'s small networks worked by hand (docs/method.md): parameters and the text beside them', () => {
  it('two layers that share a width symbol each keep their parameter (named by position), with its own value', () => {
    // Two erf layers of width N1, mean-field readout: Spec-Spec balances M1 d = M2 N1/M1 = N1 N1/M2
    // (a_y gains N1): M1 = ∛(N1³/d²), M2 = ∛(N1³/d). Named after the width, both were "M1": one value lost.
    const r = analyzeModel(model([dense('N1'), dense('N1')], { parametrization: { readout: 'mean-field' } }));
    const ss = cand(r, 'specialization-specialization');
    assert.deepEqual(Object.keys(ss.params).sort(), ['M1', 'M2']);
    assert.deepEqual(ss.params.M1.exponents, { N1: '1', d: '-2/3' });
    assert.deepEqual(ss.params.M2.exponents, { N1: '1', d: '-1/3' });
  });

  it('a spike the row does not use (the target on the lazy path) is a range from 1, in every row, not one value', () => {
    // erf + bias, erf; He_2; N1 = d^2, N2 = d: GP-Spec's layer-2 erf spike has no degree 2, so the
    // target reaches the readout on the lazy path (d²) and any M2 from 1 to d gives that level. The
    // row is not tied with the winner, and said "M2* ∝ d".
    const r = analyzeModel(model([dense('N1', 'erf', true), dense('N2')], { ...degree(2), regime: { N1: 'd^2', N2: 'd' } }));
    const gs = cand(r, 'gp-specialization');
    assert.equal(gs.energy.inD, '2');
    assert.equal(gs.params.M2.text, 'any from 1 to d');
    // The same without a regime or sizes (the reference table: ReLU, ReLU, He_3, "M2* ∝ d²").
    const rr = analyzeModel(model([dense('N1', 'relu'), dense('N2', 'relu')]));
    assert.equal(cand(rr, 'gp-specialization').params.M2.text, 'any from 1 to d²');
    // And the attention head's, whose specialist costs M·d² (L = d^4, He_3: "M* ∝ d").
    const head = analyzeModel(model([{ type: 'attention', context: 'L' } as Layer], { regime: { L: 'd^4' } }));
    assert.equal(cand(head, 'specialization').params.M.text, 'any from 1 to d');
  });

  it('an attention head at degree 1: no row holds only where d <= 1 (the M = 1 branch, E ∝ d², instead)', () => {
    const r = analyzeModel(model([{ type: 'attention', context: 'L' } as Layer], degree(1)));
    const s = cand(r, 'specialization');
    assert.deepEqual(s.energy.exponents, { d: '2' });
    assert.ok(!(s.energy.validWhen ?? []).some((w) => /d <= 1/.test(w)), JSON.stringify(s.energy));
    assert.equal(s.params.M.text, '1');
  });

  it('a mean-field readout\'s term is N_last/λ(y), which equals E where it balances', () => {
    const r = analyzeModel(model([dense('N')], { parametrization: { readout: 'mean-field' }, regime: { N: 'd' } }));
    assert.ok(cand(r, 'gp').activeTerms!.includes('N/λ(y), λ(y) ∝ 1/d³'), JSON.stringify(cand(r, 'gp').activeTerms));
    assert.ok(r.derivation!.some((l) => /^specialization: .*balance of M·d, N\/λ\(y\)/.test(l)), r.derivation!.join('\n'));
    assert.ok(!r.derivation!.some((l) => /[^N]1\/λ\(y\)/.test(l)), r.derivation!.join('\n'));
  });

  it('a condition another one implies is not listed beside it ("N <= d, N <= d^3")', () => {
    // One erf layer at N = d^6: specialization's branch holds where N >= d^5, which implies N >= d^2.
    const r = analyzeModel(model([dense('N')], { regime: { N: 'd^6' } }));
    assert.deepEqual(cand(r, 'specialization').energy.validWhen, ['N >= d^5']);
    // The winner of the Table 1 network with sizes below its regime (mnist-mlp's): N1 d >= N2^2
    // implies N1^3 d^3 >= N2^2 (every size at least 1).
    const g = analyzeModel(model([dense('N1', 'tanh'), dense('N2', 'tanh')], { regime: { N1: 'd', N2: 'd' }, sizes: { d: 784, N1: 512, N2: 256 } }));
    assert.deepEqual(cand(g, 'gfl-specialization').energy.validWhen, ['N1 <= d', 'N1 d >= N2^2']);
  });

  it('the text around them: no "(;", no "..", no "∝ any from", a fifth root written d^(1/5)', () => {
    const texts = [
      analyzeModel(model([dense('N')], degree(1))),
      analyzeModel(model([dense('N', 'relu')], { regime: { N: 'd' } })),
      analyzeModel(model([dense('N')], { regime: { N: 'd^6' } })),
      analyzeModel(model([dense('N1'), dense('N1')], { parametrization: { readout: 'mean-field' } })),
    ].map((r) => [...r.derivation!, ...r.diagnostics.map((d) => d.message)].join('\n'));
    for (const t of texts) {
      assert.doesNotMatch(t, /\(;|\.\.(\s|$)|∝ any from|\(d\)\^/, t);
    }
    assert.match(texts[2], /M\*: any from 1 to d²/);
    assert.match(texts[3], /D2\* ∝ d\^\(1\/5\)/);
  });
});
