// Ranges as the results use them (0-based, as in VS Code). Pure: no Node, no VS Code.
import type { Position, Range } from './types';

/** A range cut to its first line: to the start of the next one where it goes on (the editor ends the mark at the line's end). */
export function firstLine(r: Range): Range {
  return r.end.line === r.start.line ? r : { start: r.start, end: { line: r.start.line + 1, character: 0 } };
}

/** A position as people read it, 1-based: "12:5" (as the command line prints diagnostics). */
export function positionText(p: Position): string {
  return `${p.line + 1}:${p.character + 1}`;
}
