// Inlay-hint texts for a model's line and its layers' lines. Pure (no `vscode`); the provider
// places each hint at the end of its line.
import type { LayerResult, ModelResult, CandidateResult, ParamResult } from '../../contract/result';
import { candidateLabel, formatNumber, monomialText, paramText, powerText, sizeValueText, symbolName } from '../../report/format';
import { summary, summaryLine } from '../../report/summary';

export type Verbosity = 'minimal' | 'normal' | 'detailed';

export interface HintSpec {
  /** 0-based line of the model or layer; the hint goes at its end. */
  line: number;
  label: string;
  kind: 'model' | 'layer';
  /** Index into model.layers for a layer hint. */
  layer?: number;
  /** Plain-text tooltip. */
  tooltip?: string;
}

function winnerOf(model: ModelResult): CandidateResult | undefined {
  return model.candidates.find((c) => c.id === model.winner);
}

/**
 * Does a candidate assign this layer a pattern: a dense layer or the attention head the analysis
 * covers. Not a layer it passes over (dropout, flatten: no `covered: false`, and no pattern either),
 * which were counted, so that every layer after a dropout showed its neighbour's pattern and
 * parameters (Keras's Dropout line read "specialization, M2* ≈ 1").
 */
const patterned = (l: LayerResult) => (l.type === 'dense' || l.type === 'attention') && l.covered !== false;

/** Index of a layer among the layers a candidate assigns a pattern to; -1 otherwise. */
function patternIndex(model: ModelResult, layerIndex: number): number {
  let k = -1;
  for (let i = 0; i <= layerIndex; i++) {
    const l = model.layers[i];
    if (patterned(l)) k++;
    if (i === layerIndex) return patterned(l) ? k : -1;
  }
  return -1;
}

/** The winner's pattern on a layer: its own `pattern`, else the winner candidate's entry. */
export function layerPattern(model: ModelResult, layerIndex: number): string | undefined {
  const l = model.layers[layerIndex];
  if (l?.pattern) return l.pattern;
  const k = patternIndex(model, layerIndex);
  const w = winnerOf(model);
  return k >= 0 && w ? w.layers[k] : undefined;
}

/** The winner's parameters that belong to a layer: M2 → layer 2; an unnumbered one → the only patterned layer, or β → a magnetization layer. */
export function layerParams(model: ModelResult, layerIndex: number): [string, ParamResult][] {
  const w = winnerOf(model);
  const k = patternIndex(model, layerIndex);
  if (!w || k < 0) return [];
  const pattern = layerPattern(model, layerIndex);
  const single = w.layers.length === 1; // one patterned layer: unnumbered parameters (M, D) are its own
  return Object.entries(w.params ?? {}).filter(([name]) => {
    const m = /^(.*?)(\d+)$/.exec(name);
    if (m) return Number(m[2]) === k + 1;
    return single || (pattern === 'magnetization' && /^beta$/i.test(name));
  });
}

/** A parameter in a hint: its value where it has one ("M2* ≈ 3.16"), else as every surface writes it (report/format.ts paramText: "M2*: any from 1 to d" for a flat optimum, which read "M2* ∝ any from ..."). */
function hintParam(name: string, p: ParamResult, withValue: boolean): string {
  if (withValue && typeof p.value === 'number') return `${symbolName(name)}* ≈ ${formatNumber(p.value)}`;
  return paramText(symbolName(name), p);
}

export function modelHintLabel(model: ModelResult, verbosity: Verbosity): string | undefined {
  const sum = summary(model);
  if (sum.kind === 'not-learnable') return sum.headline;
  if (!model.pStar) return model.notCovered.length && !model.candidates.length ? sum.headline : undefined;
  let s = `P* ∝ ${monomialText(model.pStar)}`;
  if (verbosity === 'minimal') return s;
  if (model.pStar.inD !== undefined) s += ` ~ ${powerText('d', model.pStar.inD, 'pretty')}`;
  // The value (detailed) and the status before the winner: VS Code cuts a hint past
  // editor.inlayHints.maximumLength (43 by default), and the cut took "paper" or "derived", which
  // the layer hints do not repeat; the winner's patterns they do.
  if (verbosity === 'detailed' && typeof model.pStar.value === 'number') s += ` · P* ≈ ${formatNumber(model.pStar.value)}`;
  s += ` · ${model.pStar.status}`;
  if (model.winner) s += ` · ${candidateLabel(model.winner)}`;
  const tied = (model.tied ?? []).filter((t) => t !== model.winner);
  // VS Code cuts hints past editor.inlayHints.maximumLength (43): the names of ties only when detailed
  const ties = typeof model.tiedCount === 'number' ? model.tiedCount - 1 : tied.length;
  if (tied.length) s += verbosity === 'detailed' ? ` (tied: ${tied.join(', ')}${ties > tied.length ? ` +${ties - tied.length}` : ''})` : ` (+${ties} tied)`;
  if (verbosity === 'detailed' && model.nearBoundary) s += ` · near a boundary${model.runnerUp ? ` (${model.runnerUp})` : ''}`;
  return s;
}

export function layerHintLabel(model: ModelResult, layerIndex: number, verbosity: Verbosity): string | undefined {
  const l: LayerResult | undefined = model.layers[layerIndex];
  if (!l) return undefined;
  if (l.covered === false) return verbosity === 'minimal' ? 'not covered' : `not covered${l.reason ? `: ${l.reason}` : ''}`;
  if (l.type === 'readout') return verbosity === 'detailed' ? 'readout' : undefined;
  const pattern = layerPattern(model, layerIndex);
  // A layer the analysis passes over (dropout, flatten): its reason, beyond the minimal hints.
  if (!pattern) return l.reason && verbosity !== 'minimal' ? l.reason : undefined;
  if (verbosity === 'minimal') return pattern;
  const params = layerParams(model, layerIndex);
  const parts = [pattern];
  const shown = verbosity === 'detailed' ? params : params.slice(0, 1);
  for (const [name, p] of shown) parts.push(hintParam(name, p, true));
  if (verbosity === 'detailed') {
    if (l.width !== undefined) parts.push(`${l.width}${typeof l.value === 'number' && String(l.value) !== l.width ? ` = ${sizeValueText(l.value)}` : ''}`);
    for (const [name, p] of params) if (typeof p.value === 'number') parts.push(hintParam(name, p, false));
  }
  return parts.join(', ');
}

/** Every hint of a model: one on the model's first line, one per layer that has a range. */
export function modelHints(model: ModelResult, verbosity: Verbosity): HintSpec[] {
  const out: HintSpec[] = [];
  const modelLine = model.range?.start.line;
  const label = modelHintLabel(model, verbosity);
  if (label && modelLine !== undefined) {
    out.push({ line: modelLine, label, kind: 'model', tooltip: `Scaling Lens: ${model.name}: ${summaryLine(model)}. Hover for the derivation.` });
  }
  model.layers.forEach((l, i) => {
    if (!l.range) return;
    const text = layerHintLabel(model, i, verbosity);
    if (!text) return;
    // The whole label in the tooltip: what VS Code cuts of a long hint (a reason, the parameters) is read there.
    out.push({ line: l.range.start.line, label: text, kind: 'layer', layer: i, tooltip: `${l.type}${l.width !== undefined ? ` width ${l.width}` : ''}: ${text}` });
  });
  return out;
}

/** Hints that fall on the same line (a one-line model, layers chained on one line) become one. */
export function mergeHints(hints: HintSpec[]): HintSpec[] {
  const byLine = new Map<number, HintSpec>();
  for (const h of hints) {
    const prev = byLine.get(h.line);
    if (!prev) byLine.set(h.line, { ...h });
    else {
      prev.label += ` | ${h.label}`;
      if (h.kind === 'model') prev.kind = 'model';
    }
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}
