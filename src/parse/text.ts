// Offsets to 0-based line/character positions (as in VS Code), and a diagnostic collector.
// Pure: no Node, no VS Code.
import type { Diagnostic, ModelDescription, Position, Range, Severity } from '../model/types';
import { LIMITS } from './limits';

/**
 * Maps string offsets to positions in O(log lines). Lines end at \n, \r\n or \r. The line starts
 * live in one Int32Array (4 bytes a line), so a file of empty lines costs little memory.
 */
export class LineIndex {
  private readonly starts: Int32Array;
  constructor(readonly text: string) {
    let count = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
    }
    const starts = new Int32Array(count);
    let k = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts[k++] = i + 1;
    }
    this.starts = starts;
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  /** The offset of a position (clamped to its line and to the text). */
  offset(p: Position): number {
    const line = Math.max(0, Math.min(p.line, this.starts.length - 1));
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return Math.min(this.starts[line] + Math.max(0, p.character), next);
  }
}

/**
 * How many diagnostics a "more problems not listed" note stands for: a note taken into another list
 * (Diags.absorb, capDiagnostics) adds its count, not one (a file of 1,000 bad tags said "1 more").
 */
const leftOut = new WeakMap<Diagnostic, number>();

/**
 * A diagnostic whose advice asks for a size (Diags.ask): the size's name, and the part of its
 * message that stays true once some source gives the size (settleAsked).
 */
const asked = new WeakMap<Diagnostic, { size: string; fact: string }>();

/**
 * Collects diagnostics for one model (or one file). It keeps at most LIMITS.maxDiagnostics: past
 * that, one last diagnostic says how many more there were, so that a file with a million bad
 * entries costs no more memory than one with a few hundred.
 */
export class Diags {
  readonly list: Diagnostic[] = [];
  private dropped = 0;
  private note?: Diagnostic;
  private hasErrorFlag = false;
  /** The diagnostic kept, if it was (not past the limit). */
  add(severity: Severity, message: string, range: Range, code: string): Diagnostic | undefined {
    if (severity === 'error') this.hasErrorFlag = true;
    if (this.list.length >= LIMITS.maxDiagnostics) return this.drop(1, range);
    const d: Diagnostic = { message, severity, range, code };
    this.list.push(d);
    return d;
  }
  /**
   * A fact that leaves a size unknown, and advice that asks for it (`size`): once the model has that
   * size from any source (its tags, the override, the command line), settleAsked says where from
   * instead of asking.
   */
  ask(severity: Severity, fact: string, advice: string, range: Range, code: string, size: string): void {
    const d = this.add(severity, `${fact} ${advice}`, range, code);
    if (d) asked.set(d, { size, fact });
  }
  /** n more diagnostics not kept: said by the one note. */
  private drop(n: number, range: Range): undefined {
    this.dropped += n;
    if (!this.note) this.list.push((this.note = { message: '', severity: 'info', range, code: 'too-many-diagnostics' }));
    this.note.message = moreText(this.dropped);
    leftOut.set(this.note, this.dropped);
    return undefined;
  }
  error(message: string, range: Range, code: string): void {
    this.add('error', message, range, code);
  }
  warning(message: string, range: Range, code: string): void {
    this.add('warning', message, range, code);
  }
  info(message: string, range: Range, code: string): void {
    this.add('info', message, range, code);
  }
  /** Takes in diagnostics collected elsewhere (their errors count as this list's). */
  absorb(other: Diags): void {
    if (other.hasError) this.hasErrorFlag = true;
    for (const d of other.list) {
      const n = leftOut.get(d);
      if (n !== undefined) this.drop(n, d.range);
      else {
        const kept = this.add(d.severity, d.message, d.range, d.code ?? '');
        const a = asked.get(d);
        if (kept && a) asked.set(kept, a);
      }
    }
  }
  get hasError(): boolean {
    return this.hasErrorFlag;
  }
}

/** Who gave a model its size `size`, in words (its assumptions and origins say). */
function givenBy(m: ModelDescription, size: string): string {
  const source = m.assumptions?.find((a) => a.what === `size ${size}`)?.source;
  if (source === 'command-line') return 'the command line';
  if (source === 'override') return 'the override file';
  if (source === 'setting') return 'the settings';
  const tag = m.origins?.[`sizes.${size}`]?.text;
  return tag?.startsWith('@scaling') ? `"${tag}"` : 'the file';
}

/**
 * The model with each diagnostic that asked for a size it now has (Diags.ask) said as settled: an
 * info with the fact and where the value comes from, no longer advice to give it. Run once every
 * source has been applied (src/pipeline/document.ts); the model is copied where anything changes.
 */
export function settleAsked(m: ModelDescription): ModelDescription {
  const list = m.diagnostics;
  if (!list?.some((d) => asked.has(d))) return m;
  let changed = false;
  const settled = list.map((d): Diagnostic => {
    const a = asked.get(d);
    // Own keys only: a size may be called anything, `constructor` too.
    const v = a && m.sizes && Object.hasOwn(m.sizes, a.size) ? m.sizes[a.size] : undefined;
    if (!a || v === undefined) return d;
    changed = true;
    return { ...d, severity: 'info', message: `${a.fact} Its size, ${v}, comes from ${givenBy(m, a.size)}.` };
  });
  return changed ? { ...m, diagnostics: settled } : m;
}

const moreText = (n: number) => `${n} more problem${n === 1 ? '' : 's'} not listed (only the first ${LIMITS.maxDiagnostics} are)`;

/**
 * A file's diagnostics, at most LIMITS.maxDiagnostics of them, then one that says how many more
 * there were (counting what the notes already in the list stand for).
 */
export function capDiagnostics(list: Diagnostic[]): Diagnostic[] {
  let dropped = 0;
  let first: Range | undefined;
  const kept: Diagnostic[] = [];
  for (const d of list) {
    const n = leftOut.get(d) ?? (kept.length < LIMITS.maxDiagnostics ? 0 : 1);
    if (!n) kept.push(d);
    else {
      dropped += n;
      first ??= d.range;
    }
  }
  if (!dropped) return kept.length === list.length ? list : kept;
  const note: Diagnostic = { message: moreText(dropped), severity: 'info', range: first!, code: 'too-many-diagnostics' };
  leftOut.set(note, dropped);
  kept.push(note);
  return kept;
}

/** Shortens a value for a message: long strings are cut with an ellipsis. */
export function show(v: string, max = 40): string {
  return v.length > max ? v.slice(0, max) + '…' : v;
}

/** "a, b or c". */
export function listWords(words: readonly string[], last = 'or'): string {
  if (words.length <= 1) return words.join('');
  return words.slice(0, -1).join(', ') + ` ${last} ` + words[words.length - 1];
}
