// "Write sizes to file": the text edit that puts a model's sizes into its file, as one replacement
// (offsets into the text), so that the extension applies it as a single undoable WorkspaceEdit.
// JSON: the `sizes` object of the model's `scalingModel` (added when missing). TypeScript,
// JavaScript and Python: the `@scaling sizes` tag of the model's own block of tags, found with the
// readers' own scanners (added to that block, or as a comment line above the model, when missing).
// Every edit is read back before it is offered: the file must then give this model exactly these
// sizes, leave every other model and every layer as it was, and say nothing new (a tag that the
// code contradicts, a size the model does not use). Otherwise the edit is refused with the reason.

import type { Diagnostic, ModelDescription } from '../model/types';
import { documentKind, parseDocument, type ParsedDocument } from './index';
import { findProperties, parseJson, type JsonObject } from './json';
import { tokenize } from './jsTokens';
import { tokenizePython } from './python/tokens';
import { LineIndex } from './text';
import { blocksOf, mentionsTags, type Block, type Tag } from './tsTags';

export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

function sizeNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return String(Number(v.toPrecision(4)));
}

export function sizesEdit(fileName: string, text: string, model: string, sizes: Record<string, number>): TextReplacement | { error: string } {
  if (!Object.keys(sizes).length) return { error: 'no sizes to write' };
  const kind = documentKind(fileName, text);
  if (!kind) return { error: 'this file is not one the analysis reads' };
  if (kind === 'json') {
    const r = jsonEdit(text, model, sizes);
    if ('error' in r) return r;
    const before = parseDocument(fileName, text);
    const target = before.models.find((m) => m.name === model) ?? (before.models.length === 1 ? before.models[0] : undefined);
    const why = target ? readBack(fileName, text, r, before, target, sizes) : undefined;
    return why ? { error: why } : r;
  }
  return scriptEdit(fileName, text, kind === 'python', model, sizes);
}

function jsonEdit(text: string, model: string, sizes: Record<string, number>): TextReplacement | { error: string } {
  const { root } = parseJson(text);
  if (!root) return { error: 'the file is not valid JSON; fix it first' };
  // The models the front end reads: every `scalingModel` object, or each object of a `scalingModel` array.
  const models = findProperties(root, 'scalingModel')
    .flatMap((p) => (p.value.type === 'array' ? p.value.items : [p.value]))
    .filter((v): v is JsonObject => v.type === 'object');
  const target = models.find((m) => m.properties.some((p) => p.key === 'name' && p.value.type === 'string' && p.value.value === model)) ?? (models.length === 1 ? models[0] : undefined);
  if (!target) return { error: models.length ? `no scalingModel named '${model}'` : 'this file has no scalingModel object (a Keras or Hugging Face file takes its sizes from its layers)' };
  const body = `{ ${Object.entries(sizes).map(([k, v]) => `${JSON.stringify(k)}: ${sizeNumber(v)}`).join(', ')} }`;
  const existing = target.properties.find((p) => p.key === 'sizes');
  if (existing) return { start: existing.value.start, end: existing.value.end, text: body };
  const last = target.properties[target.properties.length - 1];
  if (!last) return { start: target.start + 1, end: target.start + 1, text: ` "sizes": ${body} ` };
  const lineStart = text.lastIndexOf('\n', last.start) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { start: last.end, end: last.end, text: `,\n${indent}"sizes": ${body}` };
}

/**
 * TypeScript, JavaScript or Python: the edits worth trying, in order (the block of tags that names
 * the model; the block just above it, or inside it, that the reader gives it; a new comment line
 * above it), and the first that reads back right.
 */
function scriptEdit(fileName: string, text: string, python: boolean, model: string, sizes: Record<string, number>): TextReplacement | { error: string } {
  const before = parseDocument(fileName, text);
  const target = before.models.find((m) => m.name === model);
  if (!target) return { error: before.models.length ? `no model named '${model}' in this file` : 'no model is read from this file' };
  const line = `@scaling sizes ${Object.entries(sizes).map(([k, v]) => `${k}=${sizeNumber(v)}`).join(' ')}`;
  const comments = python ? tokenizePython(text).comments : tokenize(text).comments;
  const blocks = mentionsTags(text) ? blocksOf(comments, text, python ? '#' : '//') : [];
  const lines = new LineIndex(text);
  const at = target.range ? lines.offset(target.range.start) : 0;
  const atEnd = target.range ? lines.offset(target.range.end) : 0;
  const named = blocks.filter((b) => b.tags.some((t) => t.name.text === 'model' && t.words[0]?.text === model));
  const above = blocks.filter((b) => b.end <= at).slice(-1);
  const inside = blocks.filter((b) => b.start >= at && b.end <= atEnd);
  const tries: TextReplacement[] = [];
  for (const b of new Set([...named, ...above, ...inside])) tries.push(inBlock(text, b, line));
  if (!named.length) tries.push(lineAbove(text, at, `${python ? '#' : '//'} ${line}`));
  let why = 'no place for an @scaling sizes tag was found';
  for (const r of tries) {
    const no = readBack(fileName, text, r, before, target, sizes);
    if (!no) return r;
    why = no;
  }
  // Most models read from code have their widths as numbers there: no tag can change those.
  const numbers = target.layers.flatMap((l) => ('width' in l && typeof l.width === 'number' ? [l.width] : []));
  if (numbers.length) return { error: `the widths of '${model}' are numbers in its code (${numbers.slice(0, 4).join(', ')}${numbers.length > 4 ? ', ...' : ''}): change them there` };
  return { error: why };
}

/** The edit inside a block of tags: its `sizes` tag replaced, or a new one after its `model` tag (or its last). */
function inBlock(text: string, block: Block, line: string): TextReplacement {
  const sizesTag = block.tags.find((t) => t.name.text === 'sizes');
  if (sizesTag) return { start: sizesTag.start, end: sizesTag.end, text: line };
  const anchor = block.tags.find((t) => t.name.text === 'model') ?? block.tags[block.tags.length - 1];
  return afterTag(text, anchor, line);
}

/** A new tag after `tag`: before the `*` + `/` that closes a block on the tag's line, else on a line of its own with the same lead (`// `, `# `, ` * `). */
function afterTag(text: string, tag: Tag, line: string): TextReplacement {
  let lineEnd = text.indexOf('\n', tag.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const close = text.indexOf('*/', tag.end);
  if (close >= 0 && close < lineEnd) return { start: close, end: close, text: `${text[close - 1] === ' ' ? '' : ' '}${line} ` };
  const lineStart = Math.max(text.lastIndexOf('\n', tag.start), text.lastIndexOf('\r', tag.start)) + 1;
  // The lead of a block comment's first line ("/** ") becomes the lead of its other lines (" * ").
  const lead = text.slice(lineStart, tag.start).replace(/\/\*+/, (m) => `${' '.repeat(m.length - 1)}*`);
  return { start: lineEnd, end: lineEnd, text: `${eol(text)}${lead}${line}` };
}

/** A comment line of its own above the line holding `offset`, indented as that line is. */
function lineAbove(text: string, offset: number, comment: string): TextReplacement {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { start: lineStart, end: lineStart, text: `${indent}${comment}${eol(text)}` };
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Why an edit is not the one asked for, read back through the file's reader; undefined where it is:
 * the same models, this one with exactly these sizes, every other one's sizes and every layer as
 * before, and nothing new said (a warning or an error).
 */
function readBack(fileName: string, text: string, r: TextReplacement, before: ParsedDocument, target: ModelDescription, sizes: Record<string, number>): string | undefined {
  const after = parseDocument(fileName, text.slice(0, r.start) + r.text + text.slice(r.end));
  if (after.models.length !== before.models.length || after.models.some((m, i) => m.name !== before.models[i].name)) return 'the edit would change which models the file holds';
  const i = before.models.indexOf(target);
  const m = after.models[i];
  for (const [k, v] of Object.entries(sizes)) {
    const written = Number(sizeNumber(v));
    if (m.sizes?.[k] !== written) return `the file would not give ${k} = ${sizeNumber(v)} (it would give ${m.sizes?.[k] ?? 'no value'})`;
  }
  const shape = (x: ModelDescription) => JSON.stringify(x.layers.map((l) => [l.type, 'width' in l ? l.width : undefined, 'activation' in l ? l.activation : undefined]));
  if (shape(m) !== shape(target)) return 'the edit would change the layers the file gives this model (its widths are stated in its code: change them there)';
  for (let j = 0; j < before.models.length; j++) {
    if (j !== i && JSON.stringify(after.models[j].sizes) !== JSON.stringify(before.models[j].sizes)) return `the edit would change the sizes of model '${before.models[j].name}'`;
  }
  const said = (d: ParsedDocument) => [...d.diagnostics, ...d.models.flatMap((x) => x.diagnostics ?? [])].filter((x) => x.severity !== 'info');
  const count = new Map<string, number>();
  for (const x of said(before)) count.set(x.code ?? '', (count.get(x.code ?? '') ?? 0) + 1);
  const fresh = said(after).find((x: Diagnostic) => {
    const n = count.get(x.code ?? '') ?? 0;
    count.set(x.code ?? '', n - 1);
    return n <= 0;
  });
  return fresh ? `the file would then say: ${fresh.message}` : undefined;
}
