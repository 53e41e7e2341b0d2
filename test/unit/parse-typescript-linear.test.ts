// The TypeScript/TF.js reader is linear in its input (issue 11, findings 1 and 4): nested layer
// calls, const declarations on one line, long sizes in tags, assignment chains, long expressions,
// many models and long functional chains. Each case times the reader on an input and on one ten
// times larger and requires under fifty times the time: a linear reader passes on a noisy
// machine, a quadratic one (a hundred times) or an exponential one does not. The inputs stay small
// (the larger under about 100 KB) so that the garbage collector's young generation holds them: past
// it, promotion costs grow with the heap, which is memory, not the algorithm.
import * as assert from 'assert';
import { parseDocument } from '../../src/parse';
import { assertLinear as linear } from './linear';

/**
 * The small input grows to at most this many characters, the large one to ten times that. Unbounded,
 * a small input that read under 2 ms on a quick run grew to 25 KB, and ten times it (names deep in
 * 6,000 nested blocks) measured 47 and 59 times: the reader's tokens and layers outgrew the young
 * generation, where at 10 KB the same shape measures 7 to 15 times.
 */
const MAX_SMALL = 10_000;

/** Ten times the input in under fifty times the time, through the whole reader. */
function assertLinear(make: (n: number) => string, n: number): void {
  linear('the TypeScript reader', make, (text) => parseDocument('grow.ts', text), n, MAX_SMALL);
}

/** `depth` tf.layers calls nested in each other's options. */
function nestedCalls(depth: number): string {
  let inner = '1';
  for (let i = 0; i < depth; i++) inner = `tf.layers.dense({units: ${inner}})`;
  return inner;
}

describe('parse: the TypeScript/TF.js reader is linear in its input', function () {
  this.timeout(20000);

  it('reads a file of 30 nested tf.layers calls at once (was 2^30 steps), tagged or not', () => {
    for (const prefix of ['/** @scaling model nested */\n', '']) {
      const src = `${prefix}const model = tf.sequential();\nmodel.add(${nestedCalls(30)});\nmodel.add(tf.layers.dense({units: 1}));\n`;
      const t0 = Date.now();
      const doc = parseDocument('nested.ts', src);
      assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
      // The outer call's units are a layer call, not a number: said, with where.
      const diags = [...doc.diagnostics, ...doc.models.flatMap((m) => m.diagnostics ?? [])];
      assert.ok(diags.some((d) => /units must be a number, got tf\.layers\.dense/.test(d.message) && d.range.start.line === (prefix ? 2 : 1)), JSON.stringify(diags));
    }
  });

  it('nested layer calls: the depth guard holds at any depth', () => {
    assertLinear((n) => `/** @scaling model m */\nconst model = tf.sequential();\nmodel.add(${nestedCalls(n)});\n`, 40);
  });

  it('const declarations with no ; or line break between them', () => {
    assertLinear((n) => '/** @scaling model m */\n' + Array.from({ length: n }, (_, i) => `const a${i} = ${i}`).join(' ') + '\nconst model = tf.sequential();', 300);
  });

  it('const declarations with a type and no value', () => {
    assertLinear((n) => '/** @scaling model m */\n' + Array.from({ length: n }, (_, i) => `const a${i}: number`).join(' ') + '\nconst model = tf.sequential();', 300);
  });

  it("a long number in a @scaling sizes tag (the tag reader's number test does not back-track)", () => {
    // The key "9N" is refused before the shared checks look at the value, so this times the tag
    // reader alone (the shared checks in checks.ts have their own test).
    assertLinear((n) => `/** @scaling model m @scaling layer dense width=N @scaling sizes 9N=${'1'.repeat(n)}x */`, 8000);
  });

  it('assignment chains (x = x = x ...) and long sums as units', () => {
    assertLinear((n) => `/** @scaling model m */\nlet x; x = ${'x = '.repeat(n)}1;\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({units: 4}));`, 1000);
    assertLinear((n) => `/** @scaling model m */\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({units: ${'1 + '.repeat(n)}1}));\nmodel.add(tf.layers.dense({units: 1}));`, 1000);
  });

  it('many models and many layers, tagged and untagged', () => {
    const model = (i: number) => `function build${i}() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({units: W, inputShape: [D]}));\n  m.add(tf.layers.dense({units: 1}));\n  return m;\n}\n`;
    assertLinear((n) => '/** @scaling model first */\nconst W = 8, D = 4;\n' + Array.from({ length: n }, (_, i) => model(i)).join(''), 20);
    assertLinear((n) => `/** @scaling model m */\nconst model = tf.sequential();\n${'model.add(tf.layers.dropout({rate: 0.1}));\n'.repeat(n)}`, 200);
  });

  it('long functional chains and many tf.model calls on one chain', () => {
    const step = 'y = tf.layers.dense({units: 4, activation: "relu"}).apply(y);\n';
    assertLinear((n) => `/** @scaling model m */\nlet y = tf.input({shape: [4]});\n${step.repeat(n)}const m = tf.model({inputs: x, outputs: y});\n`, 150);
    assertLinear((n) => `let y = tf.input({shape: [4]});\n${step.repeat(20)}${'tf.model({inputs: x, outputs: y});\n'.repeat(n)}`, 30);
  });

  it('names used deep inside nested blocks', () => {
    assertLinear((n) => `/** @scaling model m */\nconst W = 8;\n${'{'.repeat(n)}\nconst model = tf.sequential();\n${'model.add(tf.layers.dense({units: W}));\n'.repeat(n)}${'}'.repeat(n)}`, 150);
  });
});
