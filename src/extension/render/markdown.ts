// Markdown for the hover (one model, optionally one layer) and for reports (a file, the
// workspace). Pure (no `vscode`): unit-tested with mocha and reused by the copy command.
import type { FileResult, ModelResult, CandidateResult } from '../../contract/result';
import type { Diagnostic } from '../../model/types';
import { BRIEF, CONTROL_CHARACTERS, SAME_PSTAR, candidateLabel, clipText, compactPlain, compactRuns, formatNumber, joinBrief, linesBrief, monomialText, paramText, PENDING_TEXT, powerText, symbolName, groupedRanges, sequenceText, sizesText, sizeValueText, winsAlongText, winsText } from '../../report/format';
import { layerParams, layerPattern } from './hints';
import { NOT_LEARNABLE, summary } from '../../report/summary';
import { COMMAND } from '../ids';

/**
 * Text on one line: line breaks, tabs and other control characters become spaces, and so do the
 * bidirectional controls and zero-width spaces (a name that reads reversed, or as another).
 */
function oneLine(s: string): string {
  return s.replace(CONTROL_RUNS, ' ');
}
const CONTROL_RUNS = new RegExp(`[${CONTROL_CHARACTERS}]+`, 'g');

/**
 * Text from a file or the engine, made literal in Markdown: on one line (so it starts no block), a
 * backslash before every character that can open a construct mid-line (emphasis, code, links and
 * images, HTML, entities, tables, strikethrough, a heading's closing #s), and inside what GFM turns
 * into a link by itself (`https://`, `www.`, `a@b.c`). The hover shows the text as written, and
 * nothing in it is a link. Parentheses stay as they are: without `]` before them they link nothing.
 */
export function esc(s: string): string {
  return oneLine(s)
    .replace(/[\\`*_[\]|<~&@#]/g, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.');
}

/** Inline code: a fence of more backticks than any run inside, so nothing in the text can close it. */
export function code(s: string): string {
  const text = oneLine(s);
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A pattern sequence in code, deep ones with their runs counted (the JSON keeps the full id). */
const seqCode = (id: string) => code(sequenceText(id));
const cell = esc;

function sizesLine(sizes: Record<string, number> | undefined): string | undefined {
  if (!sizes || !Object.keys(sizes).length) return undefined;
  return sizesText(sizes, sizeValueText, symbolName);
}

/** Where the rest of a list the hover cuts short is. */
const JSON_HAS_ALL = 'Copy Result as JSON lists them all';

/** Items joined with `sep`; in a brief view, those that fit BRIEF's `budget` and a count of the rest. */
function listed(items: readonly string[], sep: string, budget: number | undefined): string {
  return budget === undefined ? items.join(sep) : joinBrief(items, sep, budget, JSON_HAS_ALL);
}

function candidateRow(model: ModelResult, c: CandidateResult, brief: boolean): string {
  const isWinner = c.id === model.winner;
  const tied = model.tied?.includes(c.id) && !isWinner;
  const name = `${isWinner ? '**' : ''}${esc(sequenceText(c.id))}${isWinner ? '** ✓' : ''}${tied ? ' (tied)' : ''}`;
  const energy = monomialText(c.energy);
  const value = typeof c.energy.value === 'number' ? formatNumber(c.energy.value) : '—';
  const inD = c.energy.inD !== undefined ? powerText('d', c.energy.inD, 'pretty') : '—';
  const budget = brief ? BRIEF.cell : undefined;
  const params = listed(Object.entries(c.params ?? {}).map(([k, p]) =>
    `${symbolName(k)} ∝ ${monomialText(p)}${typeof p.value === 'number' ? ` ≈ ${formatNumber(p.value)}` : ''}`), '; ', budget) || '—';
  const branch = listed([c.energy.branch, ...(c.energy.validWhen ?? [])].filter((x): x is string => !!x).map(compactPlain), '; ', budget) || '—';
  const terms = c.activeTerms?.length ? listed(compactRuns(c.activeTerms), ' = ', budget) : '—';
  const bounds = c.activeBounds?.length ? listed(compactRuns(c.activeBounds), ', ', budget) : '—';
  return `| ${name} | ${cell(energy)} | ${cell(inD)} | ${value} | ${cell(params)} | ${cell(branch)} | ${cell(terms)} | ${cell(bounds)} | ${c.status ?? '—'} |`;
}

export interface ModelMarkdownOptions {
  /** The layer under the mouse: shown first. */
  layer?: number;
  /** Heading level of the model's title (hover: 3, report: 2). */
  level?: number;
  /**
   * Long lists cut short (BRIEF), as the hover shows them: a deep network's conditions, boundaries
   * and derivation would pass the 100,000 characters VS Code renders of a hover.
   */
  brief?: boolean;
}

/** The whole derivation of one model as Markdown. */
export function modelMarkdown(model: ModelResult, opts: ModelMarkdownOptions = {}): string {
  const h = '#'.repeat(opts.level ?? 3);
  const hh = '#'.repeat(Math.min((opts.level ?? 3) + 1, 6));
  const out: string[] = [];
  out.push(`${h} Scaling Lens: ${esc(model.name)}`);
  if (opts.layer !== undefined && model.layers[opts.layer]) {
    const i = opts.layer;
    const l = model.layers[i];
    const bits = [`**Layer ${i + 1}** (${esc(l.type)})`];
    if (l.width !== undefined) bits.push(`width ${code(String(l.width))}${typeof l.value === 'number' && String(l.value) !== l.width ? ` = ${sizeValueText(l.value)}` : ''}`);
    if (l.activation) bits.push(`activation ${code(l.activation)}`);
    if (l.covered === false) bits.push(`not covered${l.reason ? `: ${esc(l.reason)}` : ''}`);
    else if (l.reason) bits.push(esc(l.reason));
    const pattern = layerPattern(model, i);
    if (pattern) bits.push(`pattern **${esc(pattern)}**`);
    for (const [k, p] of layerParams(model, i)) bits.push(paramText(symbolName(k), p, formatNumber, esc));
    out.push(bits.join(', '));
  }
  if (model.pStar) {
    const p = model.pStar;
    const extra: string[] = [];
    if (p.inD !== undefined) extra.push(`∝ ${esc(powerText('d', p.inD, 'pretty'))} under the regime`);
    if (typeof p.value === 'number') extra.push(`≈ ${formatNumber(p.value)} at the sizes`);
    extra.push(`status: **${p.status}**${p.certificate?.checked ? ', certified exactly' : ''}`);
    out.push(`**P\\* ∝ ${esc(monomialText(p))}** (${extra.join('; ')})`);
    const wins = winsText(p);
    if (wins) out.push(`${esc(wins)}.`);
    else if (p.validWhen?.length) out.push(`This formula holds when ${listed(p.validWhen.map((w) => code(compactPlain(w))), ', ', opts.brief ? BRIEF.conditions : undefined)}.`);
    for (const w of groupedRanges(model.winnerRange ?? [])) out.push(`- wins along ${esc(w.along)} ${esc(winsAlongText(w, 'd', 'pretty'))}`);
  } else if (model.pStar === null) {
    out.push(`**${esc(summary(model).headline)}**: ${esc(model.reason ?? '')}. No P\\* is given.`);
  } else {
    out.push('_No covered layers: no P\\* estimate._');
  }
  for (const n of model.notes ?? []) if (n.kind === 'counting-floor' || n.kind === 'open-question') out.push(`**${n.kind === 'open-question' ? 'Open question' : 'Counting floor'}.** ${esc(n.text.charAt(0).toUpperCase() + n.text.slice(1))}`);
  if (model.winner) {
    let w = `Winner: **${esc(candidateLabel(model.winner))}** (${seqCode(model.winner)})`;
    const others = (model.tied ?? []).filter((t) => t !== model.winner);
    if (others.length) w += `, tied with ${others.map(seqCode).join(', ')}${typeof model.tiedCount === 'number' && model.tiedCount > others.length + 1 ? ` and ${model.tiedCount - others.length - 1} more` : ''}`;
    if (model.nearBoundary) w += `. Near a phase boundary${model.runnerUp ? `: runner-up ${seqCode(model.runnerUp)} within a factor of 4` : ''}`;
    out.push(w);
  }
  if (model.candidates.length) {
    out.push(`${hh} Candidates`);
    out.push('| candidate | energy (P\\*) | in d | at sizes | parameters | branch | active terms | bounds that bind | status |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    const sorted = [...model.candidates].sort((a, b) => (a.id === model.winner ? -1 : b.id === model.winner ? 1 : 0));
    for (const c of sorted) out.push(candidateRow(model, c, !!opts.brief));
  }
  if (model.boundaries.length) {
    out.push(`${hh} Phase boundaries`);
    const lines = model.boundaries.map((b) => `- ${seqCode(b.between[0])} | ${seqCode(b.between[1])}: ${code(compactPlain(b.where))}${b.along ? ` (along ${esc(b.along)}${b.at ? `, at ${esc(b.at)}` : ''})` : ''}${b.samePStar ? ` — ${esc(SAME_PSTAR)}` : ''}`);
    out.push(...(opts.brief ? linesBrief(lines, BRIEF.boundaries, (n) => `- … ${n} more (${JSON_HAS_ALL})`) : lines));
  } else if (model.pending) {
    out.push(`${hh} Phase boundaries`, `_${esc(PENDING_TEXT)}_`);
  }
  const sizes = sizesLine(model.sizes);
  // Escaped part by part: the "~" between them is ours (and, between spaces, no strikethrough).
  const regime = model.regime && Object.keys(model.regime).length
    ? Object.entries(model.regime).map(([k, v]) => `${esc(symbolName(k))} ~ ${esc(v)}`).join(', ') : undefined;
  if (sizes || regime) {
    out.push(`${hh} Sizes`);
    if (sizes) out.push(`- at: ${esc(sizes)}`);
    if (regime) out.push(`- regime: ${regime}`);
  }
  const rules = new Map<string, string>();
  const winner = model.candidates.find((c) => c.id === model.winner);
  for (const c of winner ? [winner] : model.candidates) for (const r of c.rules ?? []) rules.set(r.rule, r.status);
  if (rules.size) {
    out.push(`${hh} Rules${winner ? ' used by the winner' : ''}`);
    for (const [r, s] of rules) out.push(`- ${esc(r)}: **${s}**`);
  }
  if (model.assumptions?.length) {
    out.push(`${hh} Assumptions`);
    for (const a of model.assumptions) out.push(`- ${esc(a.what)} = ${code(a.value)} (${a.source})`);
  }
  if (model.notCovered.length) {
    out.push(`${hh} Not covered`);
    for (const n of model.notCovered) out.push(`- layer ${n.layer + 1} (${code(n.type)}): ${esc(n.reason)}`);
  }
  if (model.derivation?.length) {
    out.push(`${hh} Derivation`);
    const steps = model.derivation.map((d, i) => `${i + 1}. ${esc(opts.brief ? clipText(d, BRIEF.step) : d)}`);
    out.push(...(opts.brief ? linesBrief(steps, BRIEF.derivation, (n) => `- … ${n} more steps (Copy Result as Markdown has the whole derivation)`) : steps));
  }
  if (model.diagnostics.length) {
    out.push(`${hh} Diagnostics`);
    for (const d of model.diagnostics) out.push(diagnosticLine(d));
  }
  return out.join('\n\n').replace(/\n\n(\|)/g, '\n$1').replace(/\n\n(- |\d+\. )/g, '\n$1');
}

function diagnosticLine(d: Diagnostic): string {
  return `- ${d.severity} at line ${d.range.start.line + 1}:${d.range.start.character + 1}: ${esc(d.message)}${d.code ? ` (${code(d.code)})` : ''}`;
}

/** A report for one file: every model's derivation and the file's diagnostics. */
export function fileMarkdown(file: FileResult, opts: { title?: boolean; model?: string; level?: number } = {}): string {
  const out: string[] = [];
  const level = opts.level ?? 1;
  if (opts.title !== false) out.push(`${'#'.repeat(level)} Scaling Lens: ${esc(file.file)}`);
  const models = opts.model ? file.models.filter((m) => m.name === opts.model) : file.models;
  if (!models.length) out.push('_No models found in this file._');
  for (const m of models) out.push(modelMarkdown(m, { level: level + 1 }));
  if (file.diagnostics?.length) {
    out.push(`${'#'.repeat(level + 1)} Diagnostics`);
    out.push(file.diagnostics.map(diagnosticLine).join('\n'));
  }
  return out.join('\n\n') + '\n';
}

/** A report for many files: a summary table, then each file. */
export function workspaceMarkdown(files: FileResult[], title = 'Scaling Lens: workspace report'): string {
  const out = [`# ${title}`];
  const rows = files.flatMap((f) => f.models.map((m) =>
    `| ${cell(f.file)} | ${cell(m.name)} | ${m.pStar ? cell(monomialText(m.pStar)) : m.pStar === null ? NOT_LEARNABLE : '—'} | ${m.pStar?.inD !== undefined ? cell(powerText('d', m.pStar.inD, 'pretty')) : '—'} | ${m.winner ? cell(sequenceText(m.winner)) : '—'} | ${m.pStar?.status ?? '—'} |`));
  const errors = files.reduce((n, f) => n + (f.diagnostics?.filter((d) => d.severity === 'error').length ?? 0), 0);
  out.push(`${files.length} file(s), ${rows.length} model(s), ${errors} error(s).`);
  if (rows.length) {
    out.push(['| file | model | P\\* ∝ | in d | winner | status |', '|---|---|---|---|---|---|', ...rows].join('\n'));
  }
  for (const f of files) {
    if (!f.models.length && !f.diagnostics?.length) continue;
    out.push(fileMarkdown(f, { level: 2 }).trimEnd());
  }
  return out.join('\n\n') + '\n';
}

/** The hover: the model's derivation (the layer under the mouse first) and a link to its plot. */
export function hoverMarkdown(model: ModelResult, uri: string, layer?: number): string {
  let md = modelMarkdown(model, { layer, brief: true });
  // Past what VS Code renders, a hover is cut wherever the limit falls (and the plot's link with it):
  // cut at a paragraph instead (only models of hundreds of layers, whose every monomial is long).
  if (md.length > HOVER_CHARS) md = `${md.slice(0, md.lastIndexOf('\n\n', HOVER_CHARS))}\n\n_The rest is in Copy Result as Markdown._`;
  return `${md}\n\n${commandLink('Show scaling plot', COMMAND.showPlot, [uri, model.name])}`;
}

/** What the hover's Markdown stays under: VS Code renders the first 100,000 characters of a hover. */
export const HOVER_CHARS = 90_000;

/**
 * A `command:` link with JSON arguments. The arguments are percent-encoded in full (parentheses
 * too), so a name from the file cannot end the link's destination early.
 */
function commandLink(text: string, command: string, args: unknown[]): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${esc(text)}](command:${command}?${encoded})`;
}
