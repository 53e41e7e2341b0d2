// The command line's reading of the file system, with limits (README, "Limits"): a file is read only
// when it is a regular file no larger than LIMITS.maxTextLength, and it is opened without blocking
// and checked again once open, so that a FIFO, a device or a socket is never read (a link to
// /dev/zero would read until memory ran out; a FIFO would wait for ever). A directory walk follows
// links only inside the directory named, visits each directory once (a link loop ends), and stops
// at a depth and an entry count. What it does not read it reports, with the reason.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { LIMITS, countText, tooLargeMessage } from '../parse/limits';
import { LineIndex } from '../parse/text';

const WALK_LIMITS = {
  /** Directories below the one named. */
  maxDepth: 32,
  /** Directory entries looked at in one walk. */
  maxEntries: 100_000,
} as const;

/** Directories a walk never enters (installed packages, build outputs, version control, test installs). */
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-e2e', '.vscode-test']);

/** File names a walk reads (JSON and TypeScript/JavaScript kinds). */
const WALKED_FILE = /\.(jsonc?|[cm]?[jt]sx?|py)$/;

/** Why a file was not read: an error (it could not be read) or a warning (a limit or a rule said no). */
export interface Refusal {
  severity: 'error' | 'warning';
  message: string;
  /** Offset in the text, when the problem has a place (the first byte that is not UTF-8). */
  offset?: number;
  text?: string;
}

export type ReadResult = { text: string } | { refused: Refusal };

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'a link that loops';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return err.code ? `${err.code}: ${err.message.replace(/^[A-Z]+: /, '')}` : String(err.message ?? e);
  }
}

/** Reads a regular file as UTF-8 text, within the size limit; anything else is refused with the reason. */
export function readTextFile(path: string): ReadResult {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { refused: { severity: 'error', message: `cannot read it: ${errnoText(e)}` } };
  }
  if (!st.isFile()) return { refused: { severity: 'warning', message: `not read: ${kindOf(st)}, not a regular file` } };
  if (st.size > LIMITS.maxTextLength) return { refused: { severity: 'warning', message: tooLargeMessage(st.size) } };
  let fd: number;
  try {
    // Non-blocking: if the path became a FIFO since the stat, opening does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    return { refused: { severity: 'error', message: `cannot read it: ${errnoText(e)}` } };
  }
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) return { refused: { severity: 'warning', message: `not read: ${kindOf(again)}, not a regular file` } };
    // Read at most one byte past the limit: a file that grows while read is refused, not followed.
    const buf = Buffer.alloc(Math.min(again.size, LIMITS.maxTextLength) + 1);
    let n = 0;
    for (;;) {
      const k = readSync(fd, buf, n, buf.length - n, null);
      if (k === 0) break;
      n += k;
      if (n === buf.length) break;
    }
    if (n > LIMITS.maxTextLength) return { refused: { severity: 'warning', message: tooLargeMessage(n) } };
    return decode(buf.subarray(0, n));
  } catch (e) {
    return { refused: { severity: 'error', message: `cannot read it: ${errnoText(e)}` } };
  } finally {
    closeSync(fd);
  }
}

/**
 * UTF-8 to text; bytes that are not UTF-8 are refused at the first of them: a warning, as for any
 * file a directory walk cannot read as text (an old Latin-1 script in a repository failed the whole
 * walk), an error for a file named on the command line (the caller says so).
 */
function decode(bytes: Buffer): ReadResult {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\ufffd');
    return { refused: { severity: 'warning', message: 'not read: the file is not UTF-8 text (a binary file?)', offset: Math.max(0, at), text } };
  }
}

/** A refusal's position as 0-based line and character (line 1, column 1 when it has none). */
export function refusalRange(r: Refusal): { start: { line: number; character: number }; end: { line: number; character: number } } {
  if (r.offset === undefined || r.text === undefined) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const lines = new LineIndex(r.text);
  return lines.range(r.offset, r.offset + 1);
}

/** What a walk met: a file to read, or something it did not read and why. */
export type WalkEntry = { path: string } | { path: string; refused: Refusal };

/**
 * The files a directory walk reads, in a stable order (names sorted), as paths relative to the
 * way the directory was named. Links are followed only to targets inside the directory named.
 */
export function* walk(dir: string, cwd: string): Generator<WalkEntry> {
  const rootAbs = resolve(cwd, dir);
  let rootReal: string;
  try {
    rootReal = realpathSync(rootAbs);
  } catch (e) {
    yield { path: dir, refused: { severity: 'error', message: `cannot read it: ${errnoText(e)}` } };
    return;
  }
  const inside = (real: string) => real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  const visited = new Set<string>();
  const idOf = (st: Stats) => `${st.dev}:${st.ino}`;
  let entries = 0;
  // Depth-first with an explicit stack (no recursion), children in name order.
  const stack: { rel: string; depth: number }[] = [{ rel: dir, depth: 0 }];
  try {
    visited.add(idOf(statSync(rootReal)));
  } catch (e) {
    yield { path: dir, refused: { severity: 'error', message: `cannot read it: ${errnoText(e)}` } };
    return;
  }
  while (stack.length) {
    const { rel, depth } = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(resolve(cwd, rel)).sort();
    } catch (e) {
      yield { path: rel, refused: { severity: 'error', message: `cannot read this directory: ${errnoText(e)}` } };
      continue;
    }
    const subdirs: { rel: string; depth: number }[] = [];
    for (const name of names) {
      if (++entries > WALK_LIMITS.maxEntries) {
        yield { path: rel, refused: { severity: 'warning', message: `the walk stopped after ${countText(WALK_LIMITS.maxEntries)} entries (README, Limits); the rest is not read` } };
        return;
      }
      const child = join(rel, name);
      const abs = resolve(cwd, child);
      const met = classify(abs, inside, visited, idOf);
      if (met.kind === 'refused') {
        if (met.quiet) continue;
        yield { path: child, refused: met.refused };
      } else if (met.kind === 'dir') {
        if (SKIP_DIRS.has(name)) continue;
        if (depth + 1 > WALK_LIMITS.maxDepth) {
          yield { path: child, refused: { severity: 'warning', message: `not read: deeper than ${WALK_LIMITS.maxDepth} directories below ${dir} (README, Limits)` } };
          continue;
        }
        subdirs.push({ rel: child, depth: depth + 1 });
      } else if (WALKED_FILE.test(name)) {
        yield { path: child };
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}

type Met = { kind: 'dir' } | { kind: 'file' } | { kind: 'refused'; refused: Refusal; quiet?: boolean };

/** What one directory entry is, with links resolved and the walk's rules applied. */
function classify(abs: string, inside: (real: string) => boolean, visited: Set<string>, idOf: (st: Stats) => string): Met {
  const name = abs.slice(abs.lastIndexOf(sep) + 1);
  const walked = WALKED_FILE.test(name);
  let st: Stats;
  let real = abs;
  try {
    // lstat: the entry itself, so that a link is judged by where it points.
    const l = lstatSync(abs);
    if (l.isSymbolicLink()) {
      try {
        real = realpathSync(abs);
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'a link to nothing (its target does not exist)' : errnoText(e);
        return { kind: 'refused', refused: { severity: 'warning', message: `not read: ${why}` } };
      }
      if (!inside(real)) {
        return { kind: 'refused', refused: { severity: 'warning', message: `not read: a link out of the directory named (to ${real}); links are followed only inside it` } };
      }
      st = statSync(real);
    } else st = l;
  } catch (e) {
    return { kind: 'refused', refused: { severity: 'error', message: `cannot read it: ${errnoText(e)}` } };
  }
  if (st.isDirectory()) {
    const id = idOf(st);
    if (visited.has(id)) return { kind: 'refused', refused: { severity: 'warning', message: 'not read again: a link to a directory this walk has already read (a loop or a second way in)' } };
    visited.add(id);
    return { kind: 'dir' };
  }
  if (st.isFile()) return { kind: 'file' };
  // A FIFO, socket or device: said when its name is one the walk would read, else passed over.
  return { kind: 'refused', refused: { severity: 'warning', message: `not read: ${kindOf(st)}, not a regular file` }, quiet: !walked };
}
