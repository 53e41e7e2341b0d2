// The command line's output for a person: the result, a table of candidates, the boundaries and
// the derivation in short. Diagnostics print as FILE:LINE:COL (1-based, as compilers print them).

import type { Diagnostic } from '../model/types';
import { BRIEF, samePStarSuffix, clipText, compactPlain, exponentText, groupedRanges, joinBrief, linesBrief, numberedAfter, paramText, runsOf, sequenceText, sizesText, sizeValueText, winsAlongText, winsText } from '../report/format';
import { summaryLine } from '../report/summary';
import { terminalLine } from './terminal';
import type { AnalyzeOutput, CandidateResult, LayerResult, ModelResult } from '../contract/result';

export function renderText(out: Pick<AnalyzeOutput, 'files'>): string {
  const lines: string[] = [];
  for (const f of out.files) {
    lines.push(`${f.file}`);
    for (const d of f.diagnostics ?? []) lines.push('  ' + diag(f.file, d));
    if (!f.models.length && !(f.diagnostics ?? []).length) lines.push('  no model found');
    for (const m of f.models) lines.push(...model(f.file, m).map((l) => '  ' + l));
    lines.push('');
  }
  // A name with a line feed in it printed a line of its own (a forged "P* ∝ ..." under the model).
  return lines.map(terminalLine).join('\n');
}

function diag(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message}`;
}

function model(file: string, m: ModelResult): string[] {
  const L: string[] = [];
  const at = m.range ? ` (line ${m.range.start.line + 1})` : '';
  // A second model of a name is already told apart by its line ("Net (line 11)"): not twice.
  L.push(`model ${m.name}${m.name.endsWith(at) ? '' : at}`);
  if (m.pStar === null) L.push(`  ${summaryLine(m)}`);
  if (m.pStar) {
    const inD = m.pStar.inD !== undefined ? `   = κ·d^${exponentText(m.pStar.inD)} under the regime` : '';
    const val = m.pStar.value !== undefined ? `   ≈ ${fmt(m.pStar.value)} at the sizes (no prefactor)` : m.pStar.log10 !== undefined ? `   ≈ 10^${fmt(m.pStar.log10)} at the sizes (no prefactor)` : '';
    L.push(`  P* ∝ ${m.pStar.text}${inD}${val}   [${m.pStar.status}${m.pStar.certificate?.checked ? ', certified' : ''}]`);
    const wins = winsText(m.pStar);
    if (wins) L.push(`  ${wins}`);
    else if (m.pStar.validWhen?.length) L.push(`  formula holds when: ${brief(m.pStar.validWhen.map(compactPlain), BRIEF.conditions)}`);
    const more = typeof m.tiedCount === 'number' && m.tied && m.tiedCount > m.tied.length + 1 ? ` (+${m.tiedCount - m.tied.length - 1} more)` : typeof m.tiedCount === 'string' ? ` (${m.tiedCount} in all)` : '';
    L.push(`  winner: ${sequenceText(m.winner ?? '')}${m.tied?.length ? `   tied: ${m.tied.map(sequenceText).join(', ')}${more}` : ''}${m.nearBoundary ? '   NEAR A BOUNDARY (runner-up within 4x)' : ''}`);
    for (const w of groupedRanges(m.winnerRange ?? [])) L.push(`  wins along ${w.along}: ${winsAlongText(w, 'd')}`);
  }
  if (m.regime) L.push(`  regime: ${Object.entries(m.regime).map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  if (m.sizes) L.push(`  sizes: ${sizesText(m.sizes, fmt)}`);
  if (m.layers.length) {
    L.push('  layers:');
    // A run (runsOf) of layers alike but for their widths' numbers (N5, N6, ...) is one
    // line, "1–63. dense N1–N63 = 512 (relu, bias)   → gfl": a deep network had a line per layer.
    const line = (l: LayerResult, width: string | undefined) => {
      const w = width ? ` ${width}${l.value !== undefined ? ` = ${fmt(l.value)}` : ''}` : '';
      const extra = l.covered === false ? `   not covered: ${l.reason ?? ''}` : l.pattern ? `   → ${l.pattern}` : l.reason ? `   ${l.reason}` : '';
      return `${l.type}${w}${l.activation ? ` (${l.activation}${l.bias ? ', bias' : ''})` : ''}${extra}`;
    };
    const unnamed = m.layers.map((l) => line(l, ''));
    const alike = (from: number, j: number) => {
      const w = m.layers[from].width;
      return !!w && m.layers[j].width === numberedAfter(w, j - from) && unnamed[j] === unnamed[from];
    };
    for (const [i, j] of runsOf(m.layers.length, alike)) {
      const l = m.layers[i];
      L.push(j - i > 1 ? `    ${i + 1}–${j}. ${line(l, `${l.width}–${m.layers[j - 1].width}`)}` : `    ${i + 1}. ${line(l, l.width)}`);
    }
  }
  if (m.candidates.length) {
    // The runner-up is searched at numeric sizes (where it decides nearBoundary): said only where shown.
    L.push(m.candidateTable === 'best' ? `  candidates (the winner, ties${m.runnerUp ? ', runner-up' : ''} and the best of each pattern family; deep networks are not listed in full):` : '  candidates:');
    const rows = m.candidates.map((c) => candidateRow(c, m));
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const r of rows) L.push(`    ${r[0].padEnd(w0)}  E ∝ ${r[1].padEnd(w1)}  ${r[2]}`);
  }
  const boundaries = m.boundaries.map((b) => `  boundary: ${sequenceText(b.between[0])} | ${sequenceText(b.between[1])} at ${compactPlain(b.where)}   (along ${b.along}: ${b.at}${samePStarSuffix(b)})`);
  L.push(...linesBrief(boundaries, BRIEF.boundaries, (n) => `  … ${n} more boundaries (${JSON_HAS_ALL})`));
  for (const n of m.notCovered) L.push(`  not covered: layer ${n.layer + 1} (${n.type}): ${n.reason}`);
  for (const a of m.assumptions ?? []) L.push(`  assumed: ${a.what} = ${a.value} (${a.source})`);
  for (const n of m.notes ?? []) L.push(`  note (${n.kind}): ${n.text}`);
  for (const d of m.diagnostics) L.push('  ' + diag(file, d));
  if (m.derivation?.length) {
    L.push('  derivation:');
    const steps = m.derivation.map((d) => `    - ${clipText(d, BRIEF.step)}`);
    L.push(...linesBrief(steps, BRIEF.derivation, (n) => `    … ${n} more steps (${JSON_HAS_ALL})`));
  }
  return L;
}

function candidateRow(c: CandidateResult, m: ModelResult): [string, string, string] {
  const mark = c.id === m.winner ? '* ' : m.tied?.includes(c.id) ? '= ' : '  ';
  const role = c.role && c.role !== 'winner' && c.role !== 'tied' ? `  (${c.role})` : '';
  const params = brief(
    Object.entries(c.params).map(([k, v]) => paramText(k, v, fmt)),
    BRIEF.cell,
  );
  const inD = c.energy.inD !== undefined ? ` = d^${exponentText(c.energy.inD)}` : '';
  const when = c.energy.validWhen?.length ? `  when ${brief(c.energy.validWhen.map(compactPlain), BRIEF.cell)}` : '';
  const branch = c.energy.branch && c.energy.branch !== 'interior' ? `  [${c.energy.branch}]` : '';
  return [mark + sequenceText(c.id), (c.energy.text ?? '') + inD, [params, branch.trim(), when.trim(), `(${c.status})${role}`].filter(Boolean).join('  ')];
}

const fmt = sizeValueText;

/** Where the rest of a list that is cut short is. */
const JSON_HAS_ALL = '--json lists them all';

/** A list joined with commas, cut short where a deep network's runs long (BRIEF). */
function brief(items: readonly string[], budget: number): string {
  return joinBrief(items, ', ', budget, JSON_HAS_ALL);
}
