// Command-line arguments, shared by `analyze` and `plot`: node:util's parseArgs, its errors as
// usage errors (exit 2), and the options both commands take (--set, --degree, --readout).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandLineValues } from '../contract/inputs';
import { emptyRecord, isPrototypeName, setKey } from '../model/names';
import { checkDegree, checkReadout, isDecimalText } from '../parse/checks';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The values parseArgs gives for `options`: strings or booleans, arrays for `multiple` ones. */
export type OptionValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? (O[K] extends { multiple: true } ? boolean[] : boolean) : O[K] extends { multiple: true } ? string[] : string;
};

/** parseArgs with positionals allowed; an unknown or malformed option is a UsageError. */
export function parseOptions<O extends Options>(argv: string[], options: O): { values: OptionValues<O>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as { values: OptionValues<O>; positionals: string[] };
  } catch (e) {
    // node:util says e.g. "Unknown option '--bogus'. To specify a positional argument ...": keep the first sentence.
    throw new UsageError((e as Error).message.replace(/\. .*$/s, ''));
  }
}

/** The options `analyze` and `plot` share. */
export const VALUE_OPTIONS = {
  set: { type: 'string', multiple: true },
  degree: { type: 'string' },
  readout: { type: 'string' },
} as const;

/** --set NAME=VALUE (repeatable), --degree M, --readout KIND, checked as the front ends check them. */
export function commandLineValues(v: { set?: string[]; degree?: string; readout?: string }): CommandLineValues {
  const out: CommandLineValues = {};
  for (const spec of v.set ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(spec);
    // Written as a size is written in a file (1e4, 512): Number() also took 0x10 and 0b11.
    const n = m && isDecimalText(m[2].trim()) ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(n) || n < 1) throw new UsageError(`--set expects NAME=VALUE with a number >= 1, got '${spec}'`);
    // A name such as __proto__ set on a plain object was dropped without a word.
    if (isPrototypeName(m[1])) throw new UsageError(`--set: '${m[1]}' cannot be a size name (a reserved word)`);
    setKey((out.sizes ??= emptyRecord()), m[1], n);
  }
  if (v.degree !== undefined) {
    const c = checkDegree(v.degree);
    if (!c.ok) throw new UsageError(`--degree: ${c.message}`);
    out.degree = c.value;
  }
  if (v.readout !== undefined) {
    const c = checkReadout(v.readout);
    if (!c.ok) throw new UsageError(`--readout: ${c.message}`);
    out.readout = c.value;
  }
  return out;
}
