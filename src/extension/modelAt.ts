// Which model of a file a line belongs to (the status bar, Show Scaling Plot). Pure: no `vscode`.
import type { FileResult, ModelResult } from '../contract/result';

/** The model whose range holds a line, else the first one. */
export function modelAt(result: FileResult, line: number | undefined): ModelResult | undefined {
  return (line !== undefined ? modelOnLine(result, line) : undefined) ?? result.models[0];
}

/**
 * The model whose range holds this line, if any. A range that ends at the start of a line (a Python
 * class ends where the next statement begins) does not hold that line: the cursor on
 * `class Critic(nn.Module):` right after `class Actor` showed Actor, and plotted it.
 */
export function modelOnLine(result: FileResult, line: number): ModelResult | undefined {
  return result.models.find((x) => {
    const r = x.range;
    if (!r) return false;
    const last = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
    return r.start.line <= line && line <= last;
  });
}
