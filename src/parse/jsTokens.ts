// A small JavaScript/TypeScript tokenizer: enough to read TF.js model code and `@scaling` comments
// without running or fully parsing the file. It correctly skips strings, template literals (with
// nested `${...}`), regular-expression literals and comments, so that a `tf.layers.dense(` inside a
// string or comment is never read as code. Linear time, never throws. Pure: no Node, no VS Code.

export type TokenKind = 'ident' | 'number' | 'string' | 'template' | 'regex' | 'punct' | 'comment';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  start: number;
  end: number;
  /** Strings: the decoded value. Numbers: see `num`. */
  value?: string;
  num?: number;
  /** True when a line break separates this token from the previous one (comments excluded). */
  nl?: boolean;
}

export interface TokenizeResult {
  /** Code tokens, comments excluded. */
  tokens: Token[];
  comments: Token[];
}

const PUNCT = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '**', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>',
];
const MULTI_START = '>.=!*<&|?+-/%^';
/** After these keywords an expression starts, so `/` begins a regular expression. */
const EXPR_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 36 || c === 95 || c >= 0x80;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  const comments: Token[] = [];
  const n = text.length;
  let i = 0;
  let sawNewline = false;
  /** One entry per open `{`: true when it is a template's `${`. */
  const braces: boolean[] = [];
  const push = (t: Token): void => {
    if (sawNewline) t.nl = true;
    sawNewline = false;
    tokens.push(t);
  };
  const regexAllowed = (): boolean => {
    const p = tokens[tokens.length - 1];
    if (!p) return true;
    if (p.kind === 'punct') return !(p.text === ')' || p.text === ']' || p.text === '}' || p.text === '++' || p.text === '--');
    if (p.kind === 'ident') return EXPR_KEYWORDS.has(p.text);
    return false;
  };
  /** Scans template characters from i (just after ` or }) to the closing ` or ${. */
  const scanTemplate = (start: number): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === 96) {
        i++;
        push({ kind: 'template', text: text.slice(start, i), start, end: i });
        return;
      }
      if (c === 36 && text.charCodeAt(i + 1) === 123) {
        i += 2;
        push({ kind: 'template', text: text.slice(start, i), start, end: i });
        braces.push(true);
        return;
      }
      i++;
    }
    i = n;
    push({ kind: 'template', text: text.slice(start, n), start, end: n });
  };

  if (text.startsWith('#!')) {
    while (i < n && text.charCodeAt(i) !== 10) i++;
    comments.push({ kind: 'comment', text: text.slice(0, i), start: 0, end: i });
  }
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      sawNewline = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
        comments.push({ kind: 'comment', text: text.slice(start, i), start, end: i });
        continue;
      }
      if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
        const t = text.slice(start, i);
        if (/[\n\r]/.test(t)) sawNewline = true;
        comments.push({ kind: 'comment', text: t, start, end: i });
        continue;
      }
      if (regexAllowed()) {
        let j = i + 1;
        let inClass = false;
        let ok = false;
        while (j < n) {
          const e = text.charCodeAt(j);
          if (e === 10 || e === 13) break;
          if (e === 92) {
            j += 2;
            continue;
          }
          if (e === 91) inClass = true;
          else if (e === 93) inClass = false;
          else if (e === 47 && !inClass) {
            ok = true;
            j++;
            break;
          }
          j++;
        }
        if (ok) {
          while (j < n && isIdPart(text.charCodeAt(j))) j++;
          i = j;
          push({ kind: 'regex', text: text.slice(start, i), start, end: i });
          continue;
        }
      }
    }
    if (c === 34 || c === 39) {
      // '...' or "...": ends at the same quote or, unterminated, at the end of the line.
      let j = i + 1;
      let value = '';
      let chunk = j;
      while (j < n) {
        const e = text.charCodeAt(j);
        if (e === c || e === 10 || e === 13) break;
        if (e === 92) {
          value += text.slice(chunk, j);
          const x = text[j + 1] ?? '';
          value += ESCAPES[x] ?? (x === '\n' || x === '\r' ? '' : x);
          j += 2;
          chunk = j;
          continue;
        }
        j++;
      }
      value += text.slice(chunk, Math.min(j, n));
      if (text.charCodeAt(j) === c) j++;
      i = Math.min(j, n);
      push({ kind: 'string', text: text.slice(start, i), start, end: i, value });
      continue;
    }
    if (c === 96) {
      i++;
      scanTemplate(start);
      continue;
    }
    if ((c >= 48 && c <= 57) || (c === 46 && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)) {
      const m = /0[xX][0-9a-fA-F_]+n?|0[bB][01_]+n?|0[oO][0-7_]+n?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?n?/y;
      m.lastIndex = i;
      const r = m.exec(text);
      i = r ? i + r[0].length : i + 1;
      while (i < n && isIdPart(text.charCodeAt(i))) i++; // malformed suffix: keep it in the token
      const raw = text.slice(start, i);
      const clean = raw.replace(/_/g, '');
      const num = /n$/.test(clean) && !/^0[xX]/.test(clean) ? Number(clean.slice(0, -1)) : Number(clean);
      push({ kind: 'number', text: raw, start, end: i, num });
      continue;
    }
    if (isIdStart(c) || c === 35 /* # */ || c === 64 /* @ */) {
      i++;
      while (i < n && isIdPart(text.charCodeAt(i))) i++;
      push({ kind: 'ident', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === 123) {
      braces.push(false);
      i++;
      push({ kind: 'punct', text: '{', start, end: i });
      continue;
    }
    if (c === 125) {
      i++;
      if (braces.pop() === true) {
        scanTemplate(start);
      } else {
        push({ kind: 'punct', text: '}', start, end: i });
      }
      continue;
    }
    let p = text[i];
    if (MULTI_START.includes(p)) for (const q of PUNCT) {
      if (text.startsWith(q, i)) {
        p = q;
        break;
      }
    }
    i += p.length;
    push({ kind: 'punct', text: p, start, end: i });
  }
  return { tokens, comments };
}
