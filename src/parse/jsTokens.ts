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
  return new Lexer(text).run();
}

/** One pass over the text; each step reads one token (or skips one run of space) from `i`. */
class Lexer {
  private readonly tokens: Token[] = [];
  private readonly comments: Token[] = [];
  private readonly n: number;
  private i = 0;
  private sawNewline = false;
  /** One entry per open `{`: true when it is a template's `${`. */
  private readonly braces: boolean[] = [];

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  run(): TokenizeResult {
    const { text, n } = this;
    if (text.startsWith('#!')) {
      while (this.i < n && text.charCodeAt(this.i) !== 10) this.i++;
      this.comments.push({ kind: 'comment', text: text.slice(0, this.i), start: 0, end: this.i });
    }
    while (this.i < n) this.step();
    return { tokens: this.tokens, comments: this.comments };
  }

  private step(): void {
    const { text } = this;
    const c = text.charCodeAt(this.i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      this.sawNewline = true;
      this.i++;
    } else if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) this.i++;
    else if (c === 47 /* / */ && (this.comment() || this.regex())) return;
    else if (c === 34 || c === 39) this.quoted(c);
    else if (c === 96) {
      const start = this.i++;
      this.scanTemplate(start);
    } else if ((c >= 48 && c <= 57) || (c === 46 && text.charCodeAt(this.i + 1) >= 48 && text.charCodeAt(this.i + 1) <= 57)) this.number();
    else if (isIdStart(c) || c === 35 /* # */ || c === 64 /* @ */) this.ident();
    else if (c === 123 || c === 125) this.brace(c);
    else this.punct();
  }

  private push(t: Token): void {
    if (this.sawNewline) t.nl = true;
    this.sawNewline = false;
    this.tokens.push(t);
  }

  /** A line or block comment at i, read as one token; false when the `/` starts neither. */
  private comment(): boolean {
    const { text, n } = this;
    const start = this.i;
    const d = text.charCodeAt(start + 1);
    if (d === 47) {
      while (this.i < n && text.charCodeAt(this.i) !== 10 && text.charCodeAt(this.i) !== 13) this.i++;
    } else if (d === 42) {
      const close = text.indexOf('*/', start + 2);
      this.i = close < 0 ? n : close + 2;
      if (/[\n\r]/.test(text.slice(start, this.i))) this.sawNewline = true;
    } else return false;
    this.comments.push({ kind: 'comment', text: text.slice(start, this.i), start, end: this.i });
    return true;
  }

  /** Whether a `/` here starts a regular expression: after an operator or a keyword that expects an expression. */
  private regexAllowed(): boolean {
    const p = this.tokens[this.tokens.length - 1];
    if (!p) return true;
    if (p.kind === 'punct') return !(p.text === ')' || p.text === ']' || p.text === '}' || p.text === '++' || p.text === '--');
    if (p.kind === 'ident') return EXPR_KEYWORDS.has(p.text);
    return false;
  }

  /** A regular-expression literal at i (up to its closing `/` and flags, on one line); false when there is none. */
  private regex(): boolean {
    if (!this.regexAllowed()) return false;
    const { text, n } = this;
    const start = this.i;
    let j = start + 1;
    let inClass = false;
    for (;;) {
      if (j >= n) return false;
      const e = text.charCodeAt(j);
      if (e === 10 || e === 13) return false;
      if (e === 92) {
        j += 2;
        continue;
      }
      j++;
      if (e === 91) inClass = true;
      else if (e === 93) inClass = false;
      else if (e === 47 && !inClass) break;
    }
    while (j < n && isIdPart(text.charCodeAt(j))) j++;
    this.i = j;
    this.push({ kind: 'regex', text: text.slice(start, j), start, end: j });
    return true;
  }

  /** '...' or "...": ends at the same quote or, unterminated, at the end of the line. */
  private quoted(quote: number): void {
    const { text, n } = this;
    const start = this.i;
    let j = start + 1;
    let value = '';
    let chunk = j;
    while (j < n) {
      const e = text.charCodeAt(j);
      if (e === quote || e === 10 || e === 13) break;
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
    if (text.charCodeAt(j) === quote) j++;
    this.i = Math.min(j, n);
    this.push({ kind: 'string', text: text.slice(start, this.i), start, end: this.i, value });
  }

  /** Template characters from i (just after ` or }) to the closing ` or ${. */
  private scanTemplate(start: number): void {
    const { text, n } = this;
    while (this.i < n) {
      const c = text.charCodeAt(this.i);
      if (c === 92) {
        this.i += 2;
        continue;
      }
      if (c === 96) {
        this.i++;
        this.push({ kind: 'template', text: text.slice(start, this.i), start, end: this.i });
        return;
      }
      if (c === 36 && text.charCodeAt(this.i + 1) === 123) {
        this.i += 2;
        this.push({ kind: 'template', text: text.slice(start, this.i), start, end: this.i });
        this.braces.push(true);
        return;
      }
      this.i++;
    }
    this.i = n;
    this.push({ kind: 'template', text: text.slice(start, n), start, end: n });
  }

  private number(): void {
    const { text, n } = this;
    const start = this.i;
    const m = /0[xX][0-9a-fA-F_]+n?|0[bB][01_]+n?|0[oO][0-7_]+n?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?n?/y;
    m.lastIndex = start;
    const r = m.exec(text);
    this.i = r ? start + r[0].length : start + 1;
    while (this.i < n && isIdPart(text.charCodeAt(this.i))) this.i++; // malformed suffix: keep it in the token
    const raw = text.slice(start, this.i);
    const clean = raw.replace(/_/g, '');
    const num = /n$/.test(clean) && !/^0[xX]/.test(clean) ? Number(clean.slice(0, -1)) : Number(clean);
    this.push({ kind: 'number', text: raw, start, end: this.i, num });
  }

  private ident(): void {
    const start = this.i++;
    while (this.i < this.n && isIdPart(this.text.charCodeAt(this.i))) this.i++;
    this.push({ kind: 'ident', text: this.text.slice(start, this.i), start, end: this.i });
  }

  /** `{` opens a block; `}` closes one, or a template's `${`, whose text then goes on. */
  private brace(c: number): void {
    const start = this.i++;
    if (c === 123) {
      this.braces.push(false);
      this.push({ kind: 'punct', text: '{', start, end: this.i });
    } else if (this.braces.pop() === true) this.scanTemplate(start);
    else this.push({ kind: 'punct', text: '}', start, end: this.i });
  }

  /** The longest operator at i, else one character. */
  private punct(): void {
    const start = this.i;
    let p = this.text[start];
    if (MULTI_START.includes(p)) for (const q of PUNCT) {
      if (this.text.startsWith(q, start)) {
        p = q;
        break;
      }
    }
    this.i += p.length;
    this.push({ kind: 'punct', text: p, start, end: this.i });
  }
}
