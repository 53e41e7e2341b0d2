// A tokenizer for the Python that model files are written in: names, numbers, strings (every
// prefix, triple quotes, f-strings with nested fields and quotes), operators, comments, explicit
// and implicit line joining, and the NEWLINE / INDENT / DEDENT tokens of Python's grammar.
// Each character is looked at a bounded number of times (linear time); it never throws; problems
// (an unterminated string, a dedent to no outer level) come back as errors with their offsets.
// Pure: no Node, no VS Code.
import type { Token } from '../jsTokens';

export type PyKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'dedent' | 'end';

export interface PyToken {
  kind: PyKind;
  /** Source text (empty for newline/indent/dedent/end). */
  text: string;
  start: number;
  end: number;
  /** A string's value when it has no replacement fields (not an f-string). */
  value?: string;
  /** A number's value (NaN for imaginary literals). */
  num?: number;
  /** A number written without a point or exponent. */
  int?: boolean;
}

export interface PyTokenError {
  message: string;
  start: number;
  end: number;
}

export interface PyTokens {
  tokens: PyToken[];
  /** `#` comments, as the JS tokenizer gives them (the `@scaling` tag reader takes them as they are). */
  comments: Token[];
  errors: PyTokenError[];
  /** For each bracket or indent token, the index of its partner (or -1). */
  match: Int32Array;
}

const OPS3 = ['**=', '//=', '>>=', '<<=', '...'];
const OPS2 = ['->', ':=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
const MULTI_START = '*/><.-:=!+%&|^@';
const CLOSE: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isNewline(c: number): boolean {
  return c === 10 || c === 13;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** Strings nested in f-string fields deeper than this are read as plain characters. */
const MAX_NESTED = 32;

/** The string prefixes Python accepts, lower-cased (r, b, u, f, t and their pairs). */
const PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);

export function tokenizePython(text: string): PyTokens {
  return new Tokenizer(text).run();
}

class Tokenizer {
  private readonly tokens: PyToken[] = [];
  private readonly comments: Token[] = [];
  private readonly errors: PyTokenError[] = [];
  private readonly n: number;
  private readonly indents: number[] = [0];
  /** Open brackets: indexes into tokens. */
  private readonly brackets: number[] = [];
  private i: number;
  private atLineStart = true;
  /** The current logical line has a token (a NEWLINE is due at its end). */
  private lineHasToken = false;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  run(): PyTokens {
    while (this.i < this.n) {
      if (this.atLineStart && !this.indentation()) break;
      this.next();
    }
    const { tokens, brackets } = this;
    if (brackets.length) {
      const open = tokens[brackets[0]];
      this.errors.push({ message: `'${open.text}' is never closed`, start: open.start, end: open.end });
    }
    this.endLine(this.n);
    while (this.indents.length > 1) {
      this.indents.pop();
      tokens.push({ kind: 'dedent', text: '', start: this.n, end: this.n });
    }
    tokens.push({ kind: 'end', text: '', start: this.n, end: this.n });
    return { tokens, comments: this.comments, errors: this.errors, match: matchPairs(tokens) };
  }

  private push(t: PyToken): void {
    this.tokens.push(t);
    this.lineHasToken = true;
  }

  private endLine(at: number): void {
    if (this.lineHasToken) this.tokens.push({ kind: 'newline', text: '', start: at, end: at });
    this.lineHasToken = false;
    this.atLineStart = true;
  }

  /** The indentation of a new logical line (blank and comment-only lines do not count); false at the end of the text. */
  private indentation(): boolean {
    const { text, n } = this;
    let col = 0;
    let j = this.i;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 32) col++;
      else if (c === 9) col = col - (col % 8) + 8;
      else if (c === 12) col = 0;
      else break;
    }
    if (j >= n) {
      this.i = j;
      return false;
    }
    const c = text.charCodeAt(j);
    if (!(isNewline(c) || c === 35 /* # */ || (c === 92 && isNewline(text.charCodeAt(j + 1))))) {
      this.atLineStart = false;
      this.indent(col, j);
    }
    this.i = j;
    return true;
  }

  private indent(col: number, at: number): void {
    const { indents, tokens } = this;
    const top = indents[indents.length - 1];
    if (col > top) {
      indents.push(col);
      tokens.push({ kind: 'indent', text: '', start: at, end: at });
    } else if (col < top) {
      while (indents.length > 1 && col < indents[indents.length - 1]) {
        indents.pop();
        tokens.push({ kind: 'dedent', text: '', start: at, end: at });
      }
      if (col !== indents[indents.length - 1]) {
        this.errors.push({ message: 'this line is indented to no outer level (unindent does not match any outer indentation level)', start: this.i, end: at });
        indents.push(col);
        tokens.push({ kind: 'indent', text: '', start: at, end: at });
      }
    }
  }

  /** One token, a comment, a line break or a line joining. */
  private next(): void {
    const { text, n } = this;
    const start = this.i;
    const c = text.charCodeAt(start);
    if (isNewline(c)) {
      this.i += c === 13 && text.charCodeAt(start + 1) === 10 ? 2 : 1;
      if (!this.brackets.length) this.endLine(start);
    } else if (c === 32 || c === 9 || c === 12 || c === 11 || c === 0xfeff) {
      this.i++;
    } else if (c === 35 /* # */) {
      let j = start;
      while (j < n && !isNewline(text.charCodeAt(j))) j++;
      this.comments.push({ kind: 'comment', text: text.slice(start, j), start, end: j });
      this.i = j;
    } else if (c === 92 /* \ */) {
      const d = text.charCodeAt(start + 1);
      if (isNewline(d)) this.i += d === 13 && text.charCodeAt(start + 2) === 10 ? 3 : 2; // explicit line joining
      else {
        if (start + 1 < n) this.errors.push({ message: 'a backslash outside a string must end its line', start, end: start + 1 });
        this.i++;
      }
    } else if (c === 39 || c === 34) {
      this.i = this.scanString(start, start, '');
    } else if (isIdStart(c)) {
      this.name(start);
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(start + 1)))) {
      let j = scanNumber(text, start);
      while (j < n && isIdPart(text.charCodeAt(j))) j++; // a malformed suffix stays in the token
      this.push(numberToken(text.slice(start, j), start, j));
      this.i = j;
    } else this.operator(start);
  }

  /** A name, or a string's prefix (rb'...', f"..."). */
  private name(start: number): void {
    const { text, n } = this;
    let j = start + 1;
    while (j < n && isIdPart(text.charCodeAt(j))) j++;
    const word = text.slice(start, j);
    const q = text.charCodeAt(j);
    if ((q === 39 || q === 34) && j - start <= 2 && PREFIXES.has(word.toLowerCase())) {
      this.i = this.scanString(start, j, word.toLowerCase());
      return;
    }
    this.push({ kind: 'name', text: word, start, end: j });
    this.i = j;
  }

  /** Operators and brackets (a longer operator only where its first character can start one). */
  private operator(start: number): void {
    const { text, tokens, brackets } = this;
    let op = text[start];
    if (MULTI_START.includes(op)) {
      const three = text.slice(start, start + 3);
      const two = text.slice(start, start + 2);
      if (OPS3.includes(three)) op = three;
      else if (OPS2.includes(two)) op = two;
    }
    const end = start + op.length;
    this.i = end;
    const k = tokens.length;
    this.push({ kind: 'op', text: op, start, end });
    if (op === '(' || op === '[' || op === '{') brackets.push(k);
    else if (CLOSE[op]) {
      if (brackets.length && tokens[brackets[brackets.length - 1]].text === CLOSE[op]) brackets.pop();
      else if (brackets.length) {
        this.errors.push({ message: `'${op}' does not close '${tokens[brackets[brackets.length - 1]].text}'`, start, end });
        brackets.pop();
      } else this.errors.push({ message: `'${op}' closes nothing`, start, end });
    }
  }

  /** Scans a string whose opening quote is at `q`; returns the offset after it. Nested f-string fields use a stack. */
  private scanString(start: number, q: number, prefix: string): number {
    const { text, n } = this;
    const quote = text.charCodeAt(q);
    const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
    const isF = prefix.includes('f') || prefix.includes('t');
    // Frames: the outer string, then strings nested in replacement fields.
    const frames: { quote: number; triple: boolean; f: boolean; depth: number }[] = [{ quote, triple, f: isF, depth: 0 }];
    let triples = triple ? 1 : 0;
    let j = q + (triple ? 3 : 1);
    while (j < n && frames.length) {
      const fr = frames[frames.length - 1];
      const c = text.charCodeAt(j);
      if (fr.depth === 0) {
        if (c === 92 /* \ */) {
          j += 2;
          continue;
        }
        if (c === fr.quote && (!fr.triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) {
          j += fr.triple ? 3 : 1;
          if (fr.triple) triples--;
          frames.pop();
          continue;
        }
        if (isNewline(c) && !fr.triple) break; // unterminated on this line
        if (fr.f && c === 123 /* { */) {
          if (text.charCodeAt(j + 1) === 123) j += 2;
          else {
            fr.depth = 1;
            j++;
          }
          continue;
        }
        j++;
        continue;
      }
      // Inside a replacement field: brackets nest, a quote opens a nested string.
      if (c === 123 || c === 40 || c === 91) fr.depth++;
      else if (c === 125 || c === 41 || c === 93) fr.depth--;
      else if ((c === 39 || c === 34) && frames.length < MAX_NESTED) {
        let k = j - 1;
        let pre = '';
        while (k >= 0 && pre.length < 2 && /[rRbBuUfFtT]/.test(text[k])) pre = text[k--] + pre;
        const innerTriple = text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c;
        frames.push({ quote: c, triple: innerTriple, f: /[fFtT]/.test(pre), depth: 0 });
        if (innerTriple) triples++;
        j += innerTriple ? 3 : 1;
        continue;
      } else if (isNewline(c) && !triples) break;
      j++;
    }
    if (frames.length) {
      this.errors.push({ message: triple ? 'unterminated triple-quoted string' : 'unterminated string (it ends at the end of the line)', start, end: Math.min(j, n) });
      j = Math.min(j, n);
    }
    const t: PyToken = { kind: 'string', text: text.slice(start, j), start, end: j };
    if (!isF && !frames.length) t.value = decode(text.slice(q + (triple ? 3 : 1), j - (triple ? 3 : 1)), prefix.includes('r'));
    this.push(t);
    return j;
  }
}

const NUMBER = /0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?/y;

function scanNumber(text: string, i: number): number {
  const re = NUMBER;
  re.lastIndex = i;
  const m = re.exec(text);
  return m ? i + m[0].length : i + 1;
}

function numberToken(raw: string, start: number, end: number): PyToken {
  const clean = raw.replace(/_/g, '');
  const t: PyToken = { kind: 'number', text: raw, start, end };
  if (/[jJ]$/.test(clean)) t.num = NaN;
  else if (/^0[xXoObB]/.test(clean)) {
    t.num = Number(clean);
    t.int = true;
  } else {
    t.num = Number(clean);
    t.int = /^\d+$/.test(clean);
    // Python 3 has no leading-zero decimals other than 0 itself; Number('010') would say 10.
    if (t.int && /^0\d/.test(clean) && !/^0+$/.test(clean)) t.num = NaN;
  }
  return t;
}

/** A string body's value: escapes decoded unless raw. */
export function decode(body: string, raw: boolean): string {
  if (raw || !body.includes('\\')) return body;
  let out = '';
  for (let j = 0; j < body.length; j++) {
    const ch = body[j];
    if (ch !== '\\' || j + 1 >= body.length) {
      out += ch;
      continue;
    }
    const e = body[++j];
    if (e === '\n') continue;
    if (e === '\r') {
      if (body[j + 1] === '\n') j++;
      continue;
    }
    out += ESCAPES[e] ?? '\\' + e;
  }
  return out;
}

/** Partners of brackets and of INDENT/DEDENT, for skipping whole groups or blocks in O(1). */
function matchPairs(tokens: PyToken[]): Int32Array {
  const match = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  const blocks: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'indent') blocks.push(k);
    else if (t.kind === 'dedent') {
      const o = blocks.pop();
      if (o !== undefined) {
        match[o] = k;
        match[k] = o;
      }
    } else if (t.kind === 'op') {
      if (t.text === '(' || t.text === '[' || t.text === '{') stack.push(k);
      else if (CLOSE[t.text] && stack.length && tokens[stack[stack.length - 1]].text === CLOSE[t.text]) {
        const o = stack.pop()!;
        match[o] = k;
        match[k] = o;
      } else if (CLOSE[t.text] && stack.length) stack.pop();
    }
  }
  return match;
}
