// Offsets to 0-based line/character positions (as in VS Code), and a diagnostic collector.
// Pure: no Node, no VS Code.
import type { Diagnostic, Position, Range, Severity } from '../model/types';

/** Maps string offsets to positions in O(log lines). Lines end at \n, \r\n or \r. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
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
}

/** Collects diagnostics for one model (or one file). */
export class Diags {
  readonly list: Diagnostic[] = [];
  add(severity: Severity, message: string, range: Range, code: string): void {
    this.list.push({ message, severity, range, code });
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
  get hasError(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
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
