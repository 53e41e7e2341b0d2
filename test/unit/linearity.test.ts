// Every scanner is linear in its input (issue 11): each is timed on an input and on one ten times
// larger, and the larger may take at most fifty times as long. The ratio is generous so that a
// busy machine cannot fail it, while a quadratic scanner (a hundred times) or worse cannot pass.
// Times are CPU times, the best of three runs, on inputs large enough to take milliseconds.
import { strict as assert } from 'node:assert';
import { assertLinear } from './linear';
import { parseJson } from '../../src/parse/json';
import { parseDocument, mightContainModel } from '../../src/parse';
import { readOverride } from '../../src/parse/override';
import { checkDegree, checkKappa, checkSize, isDecimalText } from '../../src/parse/checks';
import { LineIndex } from '../../src/parse/text';
import { parseSizeExpr } from '../../src/model/sizeExpr';
import { globMatcher, pathSelected } from '../../src/extension/select';
import { code, esc } from '../../src/extension/render/markdown';
import { readTypeScript } from '../../src/parse/typescript';

const scalingModel = (body: string) => `{"scalingModel": {"name": "m", "layers": [${body}{"type": "readout"}]}}`;

describe('linearity: every scanner we own', function () {
  this.timeout(120000);

  describe('the JSON parser', () => {
    it('an array of numbers', () => assertLinear('numbers', (n) => `[${'0,'.repeat(n)}0]`, parseJson, 20000));
    it('an object of many keys', () => assertLinear('keys', (n) => `{${Array.from({ length: n }, (_, i) => `"k${i}": ${i}`).join(',')}}`, parseJson, 5000));
    it('nesting to the depth limit, many times', () => assertLinear('nesting', (n) => `[${Array.from({ length: n }, () => '['.repeat(400) + ']'.repeat(400)).join(',')}]`, parseJson, 20));
    it('long strings with escapes', () => assertLinear('strings', (n) => `["${'a\\n\\u00e9'.repeat(n)}"]`, parseJson, 20000));
    it('comments and blank lines', () => assertLinear('comments', (n) => `// c\n${'/* x */ \n'.repeat(n)}[]`, parseJson, 20000));
    it('a long number and an invalid one', () => {
      assertLinear('long number', (n) => `[${'9'.repeat(n)}]`, parseJson, 50000);
      assertLinear('invalid number', (n) => `[${'9'.repeat(n)}x]`, parseJson, 50000);
    });
    it('a document read by the scalingModel front end', () => assertLinear('document', (n) => scalingModel('{"type": "dense", "width": "N"},'.repeat(Math.min(n, 1000))) + ' '.repeat(n * 10), (t) => parseDocument('a.json', t), 500));
    it('lines and the cheap pre-filter', () => {
      assertLinear('lines', (n) => 'x\n\r\n'.repeat(n), (t) => new LineIndex(t).position(t.length), 50000);
      // The pre-filter is so fast that one call needed 13 MB to take 2 ms, and ten times that (a
      // 128 MB string) measured memory, not the scan (57 times once, late in a full run): a
      // hundred calls keep both inputs near a megabyte. On code one call took 2 ms only at 31 to 61
      // million characters, and ten times that could not be made (MAX_SMALL_CHARS): a hundred too.
      assertLinear('pre-filter', (n) => ' '.repeat(n), (t) => { for (let k = 0; k < 100; k++) mightContainModel('a.json', t); }, 10000);
      assertLinear('pre-filter on code', (n) => 'tf'.repeat(n) + ' '.repeat(n) + '.', (t) => { for (let k = 0; k < 100; k++) mightContainModel('a.ts', t); }, 2000);
    });
  });

  describe('the override reader', () => {
    it('a long description and many unknown keys', () => {
      assertLinear('override', (n) => `{"scalingModel": {"description": "${'x'.repeat(n)}", ${Array.from({ length: n / 100 }, (_, i) => `"u${i}": 1`).join(', ')}}}`, (t) => readOverride('model.scaling.json', t), 10000);
    });
    it('a long size value and a long regime', () => {
      assertLinear('override values', (n) => `{"scalingModel": {"sizes": {"N1": "${'9'.repeat(n)}x"}, "regime": {"N1": "${'d*'.repeat(n)}d"}}}`, (t) => readOverride('model.scaling.json', t), 5000);
    });
  });

  describe('checks', () => {
    it('numbers as text (the quadratic regular expression of finding 4)', () => {
      assertLinear('checkSize', (n) => '9'.repeat(n) + 'x', (s) => checkSize(s, 'width'), 20000);
      assertLinear('checkKappa', (n) => '9'.repeat(n) + '.' + '9'.repeat(n) + 'x', (s) => checkKappa(s), 20000);
      assertLinear('checkDegree', (n) => ' '.repeat(n) + '9'.repeat(n) + 'x', (s) => checkDegree(s), 20000);
      assertLinear('isDecimalText', (n) => '1'.repeat(n) + 'e' + '1'.repeat(n), isDecimalText, 20000);
    });
    it('size expressions', () => {
      assertLinear('parseSizeExpr', (n) => 'd*'.repeat(n) + 'd', parseSizeExpr, 2000);
      assertLinear('parseSizeExpr numbers', (n) => '2 '.repeat(n) + 'd', parseSizeExpr, 2000);
    });
  });

  describe('the glob matcher', () => {
    it('is linear in the path, for the default globs and a crafted one', () => {
      const globs = ['**/*.{json,jsonc}', '**/node_modules/**', '**/'.repeat(30) + '*.json', '*'.repeat(50) + 'x', '{a,b}{a,b}{a,b}{a,b}{a,b}*/**/?'];
      for (const g of globs) assertLinear(`glob ${g}`, (n) => 'a/'.repeat(n) + 'b.ts', (p) => globMatcher(g)(p), 200);
      assertLinear('pathSelected', (n) => 'ab/'.repeat(n) + 'x.json', (p) => pathSelected(p, ['**/*.{json,jsonc}'], ['**/node_modules/**']), 500);
    });
  });

  describe('the Markdown escaping', () => {
    it('esc and code', () => {
      assertLinear('esc', (n) => '`*_[]<&@#www.https://'.repeat(n), esc, 5000);
      assertLinear('code', (n) => 'a`'.repeat(n) + '``', code, 5000);
    });
  });
});

// The TypeScript/TF.js reader on the inputs of findings 1 and 4 (parse-typescript-linear.test.ts
// times it on more shapes, through parseDocument).
describe('linearity: the TypeScript reader', function () {
  this.timeout(120000);
  const tf = (body: string) => `/** @scaling model m */\nconst model = tf.sequential();\n${body}`;
  it('nested tf.layers calls (finding 1: exponential)', () => {
    assertLinear('nested calls', (n) => tf(`model.add(${'tf.layers.dense('.repeat(n)}{units: 4}${')'.repeat(n)});`), readTypeScript, 3);
  });
  it('const declarations without ; or a line break (finding 4)', () => {
    assertLinear('consts', (n) => tf(Array.from({ length: n }, (_, i) => `const C${i} = ${i}`).join(' ') + '\nmodel.add(tf.layers.dense({units: C0}));'), readTypeScript, 1000);
  });
  it('a long number in code and in a tag (finding 4)', () => {
    assertLinear('code number', (n) => tf(`model.add(tf.layers.dense({units: ${'9'.repeat(n)}x}));`), readTypeScript, 20000);
    assertLinear('tag number', (n) => `/** @scaling model m\n @scaling layer dense width=${'9'.repeat(n)}x */`, readTypeScript, 20000);
    assertLinear('sizes tag number', (n) => `/** @scaling model m\n @scaling layer dense width=N\n @scaling sizes N=${'9'.repeat(n)}x */`, readTypeScript, 2000);
  });
  it('many tags and many layers', () => {
    // A model per tag, all kept while the file is read: 100 tags against 1,000, not 200 against 2,000
    // (see assertLinear's maxSmall).
    assertLinear('tags', (n) => '/** @scaling model x @scaling layer dense width=N */\n'.repeat(n), readTypeScript, 100, 5_300);
    assertLinear('layers', (n) => tf(`model.add(tf.layers.dense({units: 4}));\n`.repeat(n)), readTypeScript, 200);
  });
});
