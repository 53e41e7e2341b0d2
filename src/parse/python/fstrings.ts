// f-strings, for the names a model file builds with them (self.add_module(f"fc{i}", ...),
// getattr(self, f"layer{k}")): the literal parts and the replacement fields of each string, the
// fields parsed as expressions with the file's offsets. A field with a conversion or a format
// spec other than the plainest is left unread. Pure: no Node, no VS Code.
import type { Expr } from './syntax';
import { parseExpressionAt } from './syntax';
import { decode, tokenizePython } from './tokens';

export type FPart = { text: string } | { expr: Expr };

/** The parts of the string literal(s) text[start, end), or undefined when a field cannot be read. */
export function fstringParts(text: string, start: number, end: number): FPart[] | undefined {
  const parts: FPart[] = [];
  for (const t of tokenizePython(text.slice(start, end)).tokens) {
    if (t.kind !== 'string') continue;
    const at = start + t.start;
    const m = /^([A-Za-z]{0,2})('''|"""|'|")/.exec(t.text);
    if (!m) return undefined;
    const prefix = m[1].toLowerCase();
    const q = m[2];
    const bodyStart = at + m[0].length;
    const bodyEnd = at + t.text.length - (t.text.endsWith(q) && t.text.length >= m[0].length + q.length ? q.length : 0);
    if (!/[ft]/.test(prefix)) {
      parts.push({ text: t.value ?? '' });
      continue;
    }
    if (!fields(text, bodyStart, bodyEnd, prefix.includes('r'), parts)) return undefined;
  }
  return parts;
}

/** Splits an f-string body into literal text and fields; false when a field is not a plain expression. */
function fields(text: string, from: number, to: number, raw: boolean, out: FPart[]): boolean {
  let lit = '';
  let i = from;
  while (i < to) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      lit += c;
      i += 2;
      continue;
    }
    if (c !== '{') {
      lit += c;
      i++;
      continue;
    }
    if (lit) out.push({ text: decode(lit, raw) });
    lit = '';
    // The field ends at the '}' that closes it; brackets and strings inside it nest.
    let depth = 0;
    let j = i + 1;
    let quote = '';
    for (; j < to; j++) {
      const d = text[j];
      if (quote) {
        if (d === quote) quote = '';
      } else if (d === '"' || d === "'") quote = d;
      else if (d === '(' || d === '[' || d === '{') depth++;
      else if ((d === ')' || d === ']' || d === '}') && depth > 0) depth--;
      else if (d === '}' || ((d === '!' || d === ':') && depth === 0 && text[j + 1] !== '=')) break;
    }
    if (text[j] !== '}') return false; // a conversion or a format spec: not read
    const e = parseExpressionAt(text, i + 1, j, tokenizePython);
    if (!e) return false;
    out.push({ expr: e });
    i = j + 1;
  }
  if (lit) out.push({ text: decode(lit, raw) });
  return true;
}
