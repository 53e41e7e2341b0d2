// `@scaling` tags in comments (formats.md, section 3): a comment block is a run of comments that
// holds at least one tag; several tags may share a line. Pure: no Node, no VS Code.
import type { Token } from './jsTokens';
import { show } from './text';
import { nearestName } from '../model/names';
import { positionText } from '../model/ranges';
import type { Range } from '../model/types';

export const KNOWN_TAGS = ['model', 'data', 'target', 'layer', 'readout', 'parametrization', 'sizes', 'regime', 'kappa', 'assume'] as const;

/** What is said of a tag written in another case than "@scaling" (it is read all the same). */
export function miscasedTagMessage(written: string): string {
  return `"${show(written, 20)}" is read as "@scaling": tags are written in lower case`;
}

/** What is said of a second `@scaling model` tag in one block (the last is read). */
export function secondModelTagMessage(name: string, before: string): string {
  return `a second "@scaling model" tag: the model is called "${show(name)}", not "${show(before)}"`;
}

/** What is said of a size or regime entry given again in the tags (the last is read). */
export function repeatedEntryMessage(tag: string, before: { key: string; raw?: string; value: unknown; keyRange: Range }): string {
  return `${before.key} is given again in "@scaling ${tag}" (it was ${String(before.raw ?? before.value)} at ${positionText(before.keyRange.start)}); this value is read`;
}

/**
 * What is said of a tag name that is not one of KNOWN_TAGS (TypeScript and Python alike). It is an
 * error: read without it, "@scaling layr dense width=N2" left a layer out and the rest got a number.
 */
export function unknownTagMessage(name: string): string {
  if (!name) return `"@scaling" needs a tag name; known tags: ${KNOWN_TAGS.join(', ')}`;
  const near = nearestName(name, KNOWN_TAGS);
  return `unknown tag "@scaling ${show(name)}"${near ? ` (did you mean "${near}"?)` : ''}; known tags: ${KNOWN_TAGS.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------
// Tags

export interface Word {
  text: string;
  start: number;
  end: number;
}
export interface Tag {
  /** The tag as written, where it is in another case ("@Scaling"): read, and the reader says how to write it. */
  miscased?: Word;
  name: Word;
  words: Word[];
  /** From `@scaling` to the end of the tag's text. */
  start: number;
  end: number;
}
export interface Block {
  start: number;
  end: number;
  tags: Tag[];
}

/** A tag, in any case: "@Scaling" is read, and said to be written "@scaling" (it was passed over without a word). */
const TAG_RE = /@scaling\b/gi;

/** Does a text hold a tag, in any case (the pre-filters of the readers)? */
export function mentionsTags(text: string): boolean {
  return /@scaling/i.test(text);
}

/** A `key=value` word split at its first `=`, with the ranges of both sides; undefined without one. */
export function kv(w: Word): { key: string; value: string; keyWord: Word; valueWord: Word } | undefined {
  const eq = w.text.indexOf('=');
  if (eq <= 0) return undefined;
  return {
    key: w.text.slice(0, eq),
    value: w.text.slice(eq + 1),
    keyWord: { text: w.text.slice(0, eq), start: w.start, end: w.start + eq },
    valueWord: { text: w.text.slice(eq + 1), start: w.start + eq + 1, end: w.end },
  };
}

/** Splits a comment into `@scaling` tags; several may share a line. */
function tagsOf(comment: Token): Tag[] {
  const t = comment.text;
  const tags: Tag[] = [];
  const found: number[] = [];
  TAG_RE.lastIndex = 0;
  for (let m = TAG_RE.exec(t); m; m = TAG_RE.exec(t)) found.push(m.index);
  found.forEach((at, k) => {
    let end = k + 1 < found.length ? found[k + 1] : t.length;
    const nl = t.slice(at, end).search(/[\r\n]/);
    if (nl >= 0) end = at + nl;
    let body = t.slice(at + '@scaling'.length, end);
    if (body.endsWith('*/')) body = body.slice(0, -2);
    const words: Word[] = [];
    const re = /\S+/g;
    for (let w = re.exec(body); w; w = re.exec(body)) {
      if (w[0] === '*/' ) continue;
      const s = comment.start + at + '@scaling'.length + w.index;
      words.push({ text: w[0], start: s, end: s + w[0].length });
    }
    const tagStart = comment.start + at;
    const written = t.slice(at, at + '@scaling'.length);
    const miscased = written === '@scaling' ? {} : { miscased: { text: written, start: tagStart, end: tagStart + written.length } };
    const tagEnd = words.length ? words[words.length - 1].end : tagStart + '@scaling'.length;
    if (words.length === 0) {
      tags.push({ ...miscased, name: { text: '', start: tagStart, end: tagEnd }, words: [], start: tagStart, end: tagEnd });
    } else {
      tags.push({ ...miscased, name: words[0], words: words.slice(1), start: tagStart, end: tagEnd });
    }
  });
  return tags;
}

/** Comments holding `@scaling`; adjacent line comments (`//`, or `#` in Python) form one block. */
export function blocksOf(comments: Token[], text: string, lineComment = '//'): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < comments.length) {
    const c = comments[i];
    if (!c.text.startsWith(lineComment)) {
      if (mentionsTags(c.text)) blocks.push({ start: c.start, end: c.end, tags: tagsOf(c) });
      i++;
      continue;
    }
    // A run of line comments separated only by whitespace with one line break each.
    let j = i;
    while (j + 1 < comments.length && comments[j + 1].text.startsWith(lineComment) && /^[ \t]*(\r\n|\n|\r)[ \t]*$/.test(text.slice(comments[j].end, comments[j + 1].start))) j++;
    const run = comments.slice(i, j + 1);
    if (run.some((x) => mentionsTags(x.text))) {
      blocks.push({ start: run[0].start, end: run[run.length - 1].end, tags: run.flatMap(tagsOf) });
    }
    i = j + 1;
  }
  return blocks;
}
