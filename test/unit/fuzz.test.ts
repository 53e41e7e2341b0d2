// The bounded fuzz run inside the unit suite (issue 11): about 10,000 mutated real files through
// every front end, the analysis and every renderer (test/fuzz/harness.ts). No exception may
// escape, no internal error may be reported, no hover may hold a link or an image from the file,
// and no parse + analysis may take over HANG_MS. That is a hang guard, not a speed claim: the bugs of
// issue 11 took seconds to minutes on such files, while a legitimate analysis of a three-layer model
// without a regime (where the winner's region is decided exactly) can take 200 ms on a busy machine.
// The long run is `npm run fuzz` (README), which reports inputs over 100 ms.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { FRONT_ENDS, loadSeeds, runFuzz, type FrontEnd } from '../fuzz/harness';
import { ROOT } from './helpers';

const PER_FRONT_END = 1700;
const HANG_MS = 500;
const TS_FRONT_ENDS: FrontEnd[] = ['typescript-tags', 'tfjs-code'];
const PY_FRONT_ENDS: FrontEnd[] = ['pytorch'];

function fuzz(frontEnds: FrontEnd[], seed: number): void {
  const seeds = loadSeeds(ROOT).filter((s) => frontEnds.includes(s.frontEnd));
  for (const fe of frontEnds) assert.ok(seeds.some((s) => s.frontEnd === fe), `no real file for the ${fe} front end`);
  const stats = runFuzz(seeds, { perFrontEnd: PER_FRONT_END, seed, plotEvery: 50, slowMs: HANG_MS });
  for (const fe of frontEnds) {
    const s = stats.get(fe)!;
    assert.equal(s.inputs, PER_FRONT_END);
    assert.equal(s.escaped + s.internal + s.markdown + s.slow, 0, `${fe}: ${s.escaped} escaped, ${s.internal} internal errors, ${s.markdown} live Markdown, ${s.slow} slow\n${s.examples.join('\n')}`);
  }
}

describe('fuzz (bounded): the JSON front ends, the analysis and every renderer', function () {
  this.timeout(120000);
  it(`${PER_FRONT_END} mutated real files per front end: scalingModel, Keras, Hugging Face, override`, () => {
    fuzz(FRONT_ENDS.filter((f) => !TS_FRONT_ENDS.includes(f) && !PY_FRONT_ENDS.includes(f)), 20260214);
  });
});

// The TypeScript/TF.js front ends (findings 1 and 7 there: the exponential nesting, a layer-type
// table that was a plain object), with their own seed.
describe('fuzz (bounded): the TypeScript front ends', function () {
  this.timeout(120000);
  it(`${PER_FRONT_END} mutated real files per front end: @scaling tags, TF.js code`, () => fuzz(TS_FRONT_ENDS, 20260215));
});

// The PyTorch reader (a reader of Python that follows assignments, calls and loops without running
// them): its first run found 17 internal errors in 3,000 inputs, a name such as `constructor`
// looked up in a plain object of aliases.
describe('fuzz (bounded): the PyTorch front end', function () {
  this.timeout(120000);
  it(`${PER_FRONT_END} mutated real files: PyTorch models`, () => fuzz(PY_FRONT_ENDS, 20260216));
});

describe('npm run fuzz (the command the README shows)', function () {
  this.timeout(180000);
  it('runs a short fuzz run and prints the table', () => {
    const npm = process.env.npm_execpath;
    const r = npm
      ? spawnSync(process.execPath, [npm, 'run', 'fuzz', '--', '--inputs', '200', '--front-ends', 'scalingModel,keras'], { cwd: ROOT, encoding: 'utf8' })
      : spawnSync('npm', ['run', 'fuzz', '--', '--inputs', '200', '--front-ends', 'scalingModel,keras'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /scalingModel\s+200\s+0\s+0\s+0\s+0 /);
    assert.match(r.stdout, /keras\s+200\s+0\s+0\s+0\s+0 /);
    assert.match(r.stdout, /passed in \d+ s/);
  });
});
