// Shared test helpers: the test fixtures, and running the CLI in-process.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run, runCommand } from '../../src/cli/main';
import type { Layer, ModelDescription, Range } from '../../src/model/types';

/** The project root (tests run from out/test/unit). */
export const ROOT = resolve(__dirname, '..', '..', '..');

/** A fixture under test/fixtures (the tests carry their own data). */
export function fixturePath(...parts: string[]): string {
  const p = join(ROOT, 'test', 'fixtures', ...parts);
  if (!existsSync(p)) throw new Error(`fixture missing: ${p}`);
  return p;
}

export function readFixture<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...parts), 'utf8')) as T;
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export function cli(args: string[], cwd = ROOT): CliRun {
  let out = '';
  let err = '';
  const code = run(args, { out: (s) => (out += s), err: (s) => (err += s), cwd });
  return { code, out, err };
}

/** A range from 0-based line and character numbers. */
export const R = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

/** The range of the n-th occurrence (0-based) of `needle` in `text`, in 0-based lines and characters. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found`);
  }
  const pos = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: pos(at), end: pos(at + needle.length) };
}

/** Writes a file in a fresh temporary folder and returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scaling-lens-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A small deterministic generator (tests must repeat). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Any command, the experiment (asynchronous) included. */
export async function cliAsync(args: string[], cwd = ROOT): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCommand(args, { out: (s) => (out += s), err: (s) => (err += s), cwd });
  return { code, out, err };
}

/** A validator for one of the JSON Schemas in schemas/: the errors as text, or undefined when valid. */
export function schemaValidator(name: string): (value: unknown) => string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv') as typeof import('ajv').default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8')));
  return (value) => (validate(value) ? undefined : ajv.errorsText(validate.errors));
}

/** A model of the given hidden layers (a readout added), degree 3, standard readout, as a front end would give it. */
export function modelOf(layers: Layer[], extra: Partial<ModelDescription> = {}): ModelDescription {
  return {
    name: 'm',
    data: { kind: 'gaussian', dim: 'd' },
    target: { kind: 'single-index', degree: 3 },
    parametrization: { readout: 'standard' },
    layers: [...layers, { type: 'readout' }],
    ...extra,
  };
}

/**
 * A reviewer's model whose chart along N1 has a change of name with the same P* (erf+bias, tanh,
 * gelu+bias, mean-field; d = 784, N1 = 33, N2 = 1526, N3 = 11): GFL-Spec-GFL gives way to
 * GFL-GP-Spec at d^0.439 with the same √(N1 d), beside crossings where P* changes.
 */
export const SAME_PSTAR_MODEL: ModelDescription = {
  name: 'rnd8',
  data: { kind: 'gaussian', dim: 'd' },
  target: { kind: 'single-index', degree: 3 },
  parametrization: { readout: 'mean-field' },
  layers: [
    { type: 'dense', width: 'N1', activation: 'erf', bias: true },
    { type: 'dense', width: 'N2', activation: 'tanh' },
    { type: 'dense', width: 'N3', activation: 'gelu', bias: true },
    { type: 'readout' },
  ],
  sizes: { d: 784, N1: 33, N2: 1526, N3: 11 },
};
