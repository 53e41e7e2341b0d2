// "Write sizes to file": the text edit that puts a model's sizes into its file, as one replacement
// (offsets into the text), so that the extension applies it as a single undoable WorkspaceEdit.
// JSON: the `sizes` object of the model's `scalingModel` (added when missing). TypeScript: the
// `@scaling sizes` line of the model's block (added under `@scaling model` when missing).

import { findProperties, parseJson, type JsonObject } from './json';

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
  return /\.jsonc?$/i.test(fileName) ? jsonEdit(text, model, sizes) : tsEdit(text, model, sizes);
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

function tsEdit(text: string, model: string, sizes: Record<string, number>): TextReplacement | { error: string } {
  const line = `sizes ${Object.entries(sizes).map(([k, v]) => `${k}=${sizeNumber(v)}`).join(' ')}`;
  const re = /@scaling\s+model\s+([^\s*]+)/g;
  let m: RegExpExecArray | null;
  let found: RegExpExecArray | undefined;
  let count = 0;
  while ((m = re.exec(text))) {
    count++;
    if (m[1] === model) found = m;
  }
  if (!found) return { error: count ? `no '@scaling model ${model}' annotation` : 'this file has no @scaling annotation to write sizes to' };
  const blockStart = text.lastIndexOf('/*', found.index);
  const blockEnd = text.indexOf('*/', found.index);
  if (blockStart < 0 || blockEnd < 0) return { error: 'the @scaling block is not closed' };
  const block = text.slice(blockStart, blockEnd);
  const sizesAt = /@scaling\s+sizes\b[^\n]*/.exec(block);
  if (sizesAt) {
    const start = blockStart + sizesAt.index;
    // Keep a closing `*/` or a following `@scaling` tag on the same line.
    const rest = sizesAt[0].search(/\s@scaling\s/);
    const end = start + (rest >= 0 ? rest : sizesAt[0].replace(/\s+$/, '').length);
    return { start, end, text: `@scaling ${line}` };
  }
  const modelLineStart = text.lastIndexOf('\n', found.index) + 1;
  const modelLineEnd = text.indexOf('\n', found.index);
  if (modelLineEnd < 0 || modelLineEnd > blockEnd) {
    // A one-line block: add the tag before `*/`.
    return { start: blockEnd, end: blockEnd, text: ` @scaling ${line} ` };
  }
  const prefix = text.slice(modelLineStart, found.index);
  return { start: modelLineEnd, end: modelLineEnd, text: `\n${prefix}@scaling ${line}` };
}
