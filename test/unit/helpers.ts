// Shared test helpers: where the shared validation set lives, and running the CLI in-process.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run } from '../../src/cli/main';

/** The project root (tests run from out/test/unit). */
export const ROOT = resolve(__dirname, '..', '..', '..');

/** ../shared beside the checkout, as on every developer machine and in CI. */
export function sharedPath(...parts: string[]): string {
  const p = join(ROOT, '..', 'shared', ...parts);
  if (!existsSync(p)) throw new Error(`shared file missing: ${p} (the project expects ../shared beside the checkout)`);
  return p;
}

export function readShared<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), 'utf8')) as T;
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
