// File names the product makes from names in a user's file (a model's name): the results file
// beside a model, the exported script, the panel's exports and the Markdown reports take them from
// one helper (src/model/names.ts).
import { strict as assert } from 'node:assert';
import { fileStem } from '../../src/model/names';
import { isResultsFileFor, resultsFileName } from '../../src/experiment/results';
import { assertLinear } from './linear';

describe('file names made from names in a file', () => {
  it('keeps letters, digits, _ . - of any script and joins the rest into one -', () => {
    assert.equal(fileStem('two layer (erf)', 'x'), 'two-layer-erf');
    assert.equal(fileStem('mlp_v2.1-small', 'x'), 'mlp_v2.1-small');
    assert.equal(fileStem('модель №3', 'x'), 'модель-3');
    assert.equal(fileStem('网络/深度', 'x'), '网络-深度');
  });

  it('never makes a hidden file, a directory name or a path', () => {
    assert.equal(fileStem('.hidden', 'x'), 'hidden');
    assert.equal(fileStem('..', 'x'), 'x');
    assert.equal(fileStem('../../etc/passwd', 'x'), 'etc-passwd');
    assert.equal(fileStem('C:\\models\\a.', 'x'), 'C-models-a');
    assert.equal(fileStem('-a-', 'x'), 'a');
  });

  it('falls back where nothing is left, and stays short', () => {
    assert.equal(fileStem('', 'plot'), 'plot');
    assert.equal(fileStem('  ***  ', 'report'), 'report');
    const long = fileStem('a'.repeat(79) + '.' + 'b'.repeat(300), 'x');
    assert.equal(long, 'a'.repeat(79));
    assert.ok(fileStem('é'.repeat(500), 'x').length <= 80);
  });

  it('is linear in the name: a long run of dots or dashes inside it (a review: 160,000 dots took 15 s)', () => {
    assertLinear('fileStem on a run of dots', (n) => `a${'.'.repeat(n)}a`, (s) => fileStem(s, 'x'), 4000);
    assert.equal(fileStem(`a${'.'.repeat(160_000)}a`, 'x'), 'a');
    assert.equal(fileStem(`${'-.'.repeat(50_000)}b`, 'x'), 'b');
  });

  it('names the results beside a model file, and knows them again', () => {
    assert.equal(resultsFileName('/w/models/two.json', 'A', 1), 'two.experiment.json');
    assert.equal(resultsFileName('C:\\w\\two.scaling.json', 'Wide net', 3), 'two.scaling.Wide-net.experiment.json');
    assert.equal(resultsFileName('/w/two.json', '..', 2), 'two.model.experiment.json');
    assert.ok(isResultsFileFor('/w/models/two.json', resultsFileName('/w/models/two.json', 'Wide net', 3)));
    assert.ok(!isResultsFileFor('/w/models/two.json', 'three.experiment.json'));
  });
});
