// `# @scaling ...` comments in a Python file (formats.md, section 3): the tag grammar is the
// TypeScript reader's (tsTags.ts, with `#` line comments); here they state what the code cannot
// (name, data dimension, target, readout, kappa, sizes, regime, an attention head's context).
// The layers themselves come from the code. Pure: no Node, no VS Code.
import type { Origin, Range, ReadoutKind, SizeValue } from '../../model/types';
import { checkDataKind, checkDegree, checkKappa, checkReadout, checkSize, checkTargetKind, type RawEntry, type Stated } from '../checks';
import type { Token } from '../jsTokens';
import { Diags, listWords, show, type LineIndex } from '../text';
import { blocksOf, kv, mentionsTags, miscasedTagMessage, repeatedEntryMessage, secondModelTagMessage, unknownTagMessage, type Block, type Tag, type Word } from '../tsTags';

export interface PyTags {
  block: Block;
  diags: Diags;
  name?: string;
  dim?: { value: SizeValue; range: Range; text: string };
  context?: { value: SizeValue; range: Range; text: string };
  degree?: number;
  readout?: ReadoutKind;
  kappa?: number | string;
  stated: Stated;
  sizes: RawEntry[];
  regime: RawEntry[];
  /** Values set with `@scaling assume` (listed as annotation assumptions). */
  annotations: { what: string; value: string }[];
  origins: Record<string, Origin>;
}

/** The `@scaling` blocks of a Python file's `#` comments, each read into what it states. */
export function readTagBlocks(comments: Token[], text: string, lines: LineIndex): PyTags[] {
  if (!mentionsTags(text)) return [];
  return blocksOf(comments, text, '#').map((b) => new TagReader(b, lines).read());
}

/** Several blocks for one model (a file header and a block above the class): later values win, lists add up. */
export function mergeTags(list: PyTags[]): PyTags | undefined {
  if (list.length <= 1) return list[0];
  const out: PyTags = { block: list[list.length - 1].block, diags: new Diags(), stated: {}, sizes: [], regime: [], annotations: [], origins: {} };
  for (const t of list) {
    out.diags.absorb(t.diags);
    out.sizes.push(...t.sizes);
    out.regime.push(...t.regime);
    out.annotations.push(...t.annotations);
    Object.assign(out.stated, t.stated);
    Object.assign(out.origins, t.origins);
    for (const k of ['name', 'dim', 'context', 'degree', 'readout', 'kappa'] as const) if (t[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = t[k];
  }
  return out;
}


const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

class TagReader {
  private readonly out: PyTags;
  constructor(
    block: Block,
    private readonly lines: LineIndex,
  ) {
    this.out = { block, diags: new Diags(), stated: {}, sizes: [], regime: [], annotations: [], origins: {} };
  }

  private r(a: { start: number; end: number }): Range {
    return this.lines.range(a.start, a.end);
  }
  private text(tag: Tag): string {
    return ('@scaling ' + [tag.name, ...tag.words].map((w) => w.text).join(' ')).trim();
  }

  read(): PyTags {
    for (const tag of this.out.block.tags) this.tag(tag);
    return this.out;
  }

  /** key=value words of a tag, checked against the allowed keys. */
  private pairs(tag: Tag, allowed: string[] | undefined, words: Word[] = tag.words) {
    const d = this.out.diags;
    const out: NonNullable<ReturnType<typeof kv>>[] = [];
    for (const w of words) {
      const p = kv(w);
      if (!p) d.error(`expected key=value in "@scaling ${tag.name.text}", found "${show(w.text)}"`, this.r(w), 'py-bad-tag');
      else if (allowed && !allowed.includes(p.key)) d.error(`unknown key "${show(p.key)}" in "@scaling ${tag.name.text}"; allowed keys: ${listWords(allowed)}`, this.r(p.keyWord), 'unknown-key');
      else out.push(p);
    }
    return out;
  }

  private tag(tag: Tag): void {
    if (tag.miscased) this.out.diags.warning(miscasedTagMessage(tag.miscased.text), this.r(tag.miscased), 'tag-case');
    const args = tag.words;
    // A leading bare word: `@scaling data gaussian dim=d`, `@scaling readout mean-field`.
    const lead = args[0] && !args[0].text.includes('=') ? args[0] : undefined;
    const rest = lead ? args.slice(1) : args;
    // `@scaling context=1024` (or `@scaling context 1024`): the attention head's context length.
    if (tag.name.text === 'context' || tag.name.text.startsWith('context=')) return this.contextTag(tag);
    switch (tag.name.text) {
      case 'model':
        return this.model(tag);
      case 'data':
        return this.data(tag, lead, rest);
      case 'target':
        if (lead) this.check(checkTargetKind(lead.text), lead, 'bad-target');
        this.out.stated.target = true;
        for (const p of this.pairs(tag, ['degree', 'kind'], rest)) {
          if (p.key === 'kind') this.check(checkTargetKind(p.value), p.valueWord, 'bad-target');
          else this.degree(p.value, p.valueWord, tag, false);
        }
        return;
      case 'readout':
      case 'parametrization':
        if (lead) this.readout(lead.text, lead, tag, false);
        for (const p of this.pairs(tag, ['readout', 'kappa'], rest)) {
          if (p.key === 'readout') this.readout(p.value, p.valueWord, tag, false);
          else this.kappa(p.value, p.valueWord, tag, false);
        }
        return;
      case 'kappa':
        return this.kappaTag(tag);
      case 'assume':
        if (!args.length) this.out.diags.error('"@scaling assume" needs key=value pairs, e.g. "@scaling assume degree=3"', this.r(tag), 'py-bad-tag');
        for (const p of this.pairs(tag, ['degree', 'readout', 'kappa'])) {
          if (p.key === 'degree') this.degree(p.value, p.valueWord, tag, true);
          else if (p.key === 'readout') this.readout(p.value, p.valueWord, tag, true);
          else this.kappa(p.value, p.valueWord, tag, true);
        }
        return;
      case 'sizes':
      case 'regime':
        return this.entries(tag, tag.name.text);
      case 'layer':
        return this.layer(tag);
      default:
        return this.unknownTag(tag);
    }
  }

  private model(tag: Tag): void {
    const args = tag.words;
    if (!args.length) return this.out.diags.error('"@scaling model" needs a name, e.g. "@scaling model mnist-mlp"', this.r(tag), 'py-bad-tag');
    const name = args.map((w) => w.text).join(' ');
    if (this.out.name !== undefined) this.out.diags.warning(secondModelTagMessage(name, this.out.name), this.r(tag), 'repeated-key');
    this.out.name = name;
    this.out.origins.name = { text: this.text(tag), range: this.r({ start: args[0].start, end: args[args.length - 1].end }) };
  }

  private data(tag: Tag, lead: Word | undefined, rest: Word[]): void {
    const o = this.out;
    if (lead) this.check(checkDataKind(lead.text), lead, 'bad-data');
    o.stated.data = true;
    for (const p of this.pairs(tag, ['dim', 'kind'], rest)) {
      if (p.key === 'kind') {
        this.check(checkDataKind(p.value), p.valueWord, 'bad-data');
        continue;
      }
      const c = checkSize(p.value, 'data dimension');
      if (!c.ok) {
        o.diags.error(c.message, this.r(p.valueWord), 'bad-width');
        continue;
      }
      o.dim = { value: c.value, range: this.r(p.valueWord), text: this.text(tag) };
      o.origins.d = { text: this.text(tag), range: this.r(p.valueWord) };
    }
  }

  private contextTag(tag: Tag): void {
    const inline = kv(tag.name);
    const word = inline ? inline.valueWord : tag.words[0];
    if (!word || (inline ? tag.words.length : tag.words.length > 1)) {
      return this.out.diags.error('"@scaling context" takes one value, e.g. "@scaling context=1024"', this.r(tag), 'py-bad-tag');
    }
    const value = kv(word)?.value ?? word.text;
    const c = checkSize(value, 'context length');
    if (c.ok) this.out.context = { value: c.value, range: this.r(word), text: this.text(tag) };
    else this.out.diags.error(c.message, this.r(word), 'bad-width');
  }

  private kappaTag(tag: Tag): void {
    const w = tag.words[0];
    if (!w || tag.words.length > 1) return this.out.diags.error('"@scaling kappa" takes one value, e.g. "@scaling kappa 0.01"', this.r(tag), 'py-bad-tag');
    const p = kv(w);
    this.kappa(p ? p.value : w.text, p ? p.valueWord : w, tag, false);
  }

  /** `@scaling sizes d=784 L=512`, `@scaling regime N1=d`. */
  private entries(tag: Tag, name: string): void {
    if (!tag.words.length) {
      this.out.diags.error(`"@scaling ${name}" needs key=value pairs, e.g. "@scaling ${name} ${name === 'sizes' ? 'd=784 L=512' : 'N1=d'}"`, this.r(tag), 'py-bad-tag');
    }
    for (const p of this.pairs(tag, undefined)) {
      const list = name === 'sizes' ? this.out.sizes : this.out.regime;
      const before = list.find((e) => e.key === p.key);
      if (before) this.out.diags.warning(repeatedEntryMessage(name, before), this.r(p.keyWord), 'repeated-key');
      list.push({
        key: p.key,
        value: name === 'sizes' && NUMBER.test(p.value) ? Number(p.value) : p.value,
        raw: p.value,
        keyRange: this.r(p.keyWord),
        valueRange: this.r(p.valueWord),
        text: `@scaling ${name} ${p.key}=${p.value}`,
      });
    }
  }

  private unknownTag(tag: Tag): void {
    const name = tag.name.text;
    const word = name ? tag.name : { text: '@scaling', start: tag.start, end: tag.start + 8 };
    this.out.diags.error(unknownTagMessage(name), this.r(word), 'py-unknown-tag');
  }

  /** `@scaling layer attention context=...`: the context of the attention head the code builds. */
  private layer(tag: Tag): void {
    const type = tag.words[0];
    if (type?.text !== 'attention') {
      this.out.diags.warning(
        'in a Python file the layers come from the code; "@scaling layer" only gives an attention head its context (e.g. "@scaling layer attention context=1024")',
        this.r(tag),
        'py-tag-layer',
      );
      return;
    }
    for (const p of this.pairs(tag, ['context', 'heads', 'headDim', 'name'], tag.words.slice(1))) {
      if (p.key !== 'context') continue;
      const c = checkSize(p.value, 'context length');
      if (c.ok) this.out.context = { value: c.value, range: this.r(p.valueWord), text: this.text(tag) };
      else this.out.diags.error(c.message, this.r(p.valueWord), 'bad-width');
    }
  }

  private check(c: { ok: true } | { ok: false; message: string }, w: Word, code: string): void {
    if (!c.ok) this.out.diags.error(c.message, this.r(w), code);
  }
  private degree(v: string, w: Word, tag: Tag, assumed: boolean): void {
    const c = checkDegree(v, v);
    if (!c.ok) return this.out.diags.error(c.message, this.r(w), 'bad-degree');
    this.out.degree = this.out.stated.degree = c.value;
    this.out.origins.degree = { text: this.text(tag), range: this.r(w) };
    if (assumed) this.out.annotations.push({ what: 'target degree', value: String(c.value) });
  }
  private readout(v: string, w: Word, tag: Tag, assumed: boolean): void {
    const c = checkReadout(v);
    if (!c.ok) return this.out.diags.error(c.message, this.r(w), 'bad-readout');
    this.out.readout = this.out.stated.readout = c.value;
    this.out.origins.readout = { text: this.text(tag), range: this.r(w) };
    if (assumed) this.out.annotations.push({ what: 'readout', value: c.value });
  }
  private kappa(v: string, w: Word, tag: Tag, assumed: boolean): void {
    const c = checkKappa(v, v);
    if (!c.ok) return this.out.diags.error(c.message, this.r(w), 'bad-kappa');
    this.out.kappa = c.value;
    this.out.origins.kappa = { text: this.text(tag), range: this.r(w) };
    if (assumed) this.out.annotations.push({ what: 'kappa', value: String(c.value) });
  }
}
