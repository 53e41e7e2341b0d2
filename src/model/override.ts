// An override next to a file: assumptions a Keras model.json or a Hugging Face config.json cannot
// state (target degree, readout, kappa, sizes, a regime) written in `model.scaling.json` beside it.
// It wins over the file and over the settings, and every value it sets is listed as an assumption
// with source "override".

import type { Assumption, Diagnostic, ModelDescription, Range, ReadoutKind, SizeValue } from './types';
import { parseSizeExpr } from './sizeExpr';
import { setKey } from './names';

export interface ModelOverride {
  /** The override file, for messages ("model.scaling.json"). */
  file: string;
  name?: string;
  degree?: number;
  readout?: ReadoutKind;
  kappa?: number | string;
  dim?: SizeValue;
  sizes?: Record<string, number>;
  regime?: Record<string, string>;
}

/** The symbols a model uses: d, widths, context lengths. */
function symbolsOf(m: ModelDescription): Set<string> {
  const s = new Set<string>();
  if (typeof m.data.dim === 'string') s.add(m.data.dim);
  else s.add('d');
  let dense = 0;
  for (const l of m.layers) {
    if (l.type === 'dense') dense++;
    const w = l.type === 'dense' ? (l as { width?: SizeValue }).width : l.type === 'attention' ? (l as { context?: SizeValue }).context : undefined;
    if (typeof w === 'string') s.add(w);
    // Numeric widths are named N1, N2, ... by position (see toProblem), so an override may size them.
    else if (typeof w === 'number') s.add(l.type === 'dense' ? `N${dense}` : 'L');
  }
  return s;
}

/** Applies an override to a model read from the file beside it; returns the model (a copy). */
export function applyOverride(model: ModelDescription, o: ModelOverride, where: Range): ModelDescription {
  const m: ModelDescription = {
    ...model,
    data: { ...model.data },
    target: { ...model.target },
    parametrization: { ...model.parametrization },
    sizes: model.sizes ? { ...model.sizes } : undefined,
    regime: model.regime ? { ...model.regime } : undefined,
    assumptions: [...(model.assumptions ?? [])],
    diagnostics: [...(model.diagnostics ?? [])],
  };
  const assumptions = m.assumptions!;
  const set = (what: string, value: string) => {
    // The override replaces a default or setting for the same thing.
    const i = assumptions.findIndex((a) => a.what === what);
    const a: Assumption = { what, value, source: 'override' };
    if (i >= 0) assumptions[i] = a;
    else assumptions.push(a);
  };
  const warn = (message: string) => m.diagnostics!.push({ severity: 'warning', range: where, code: 'override', message: `${o.file}: ${message}` });

  if (o.name !== undefined) m.name = o.name;
  if (o.degree !== undefined) {
    m.target.degree = o.degree;
    set('target degree', String(o.degree));
  }
  if (o.readout !== undefined) {
    m.parametrization.readout = o.readout;
    set('readout', o.readout);
  }
  if (o.kappa !== undefined) {
    m.parametrization.kappa = o.kappa;
    set('kappa', String(o.kappa));
  }
  if (o.dim !== undefined) {
    m.data.dim = o.dim;
    set('data dimension', String(o.dim));
  }
  const symbols = symbolsOf(m);
  for (const [k, v] of Object.entries(o.sizes ?? {})) {
    if (!symbols.has(k)) {
      warn(`sizes: the model has no size "${k}" (its sizes: ${[...symbols].join(', ')}); ignored`);
      continue;
    }
    setKey((m.sizes ??= {}), k, v);
    set(`size ${k}`, String(v));
  }
  const dim = typeof m.data.dim === 'string' ? m.data.dim : 'd';
  for (const [k, v] of Object.entries(o.regime ?? {})) {
    const parsed = parseSizeExpr(v);
    if (!symbols.has(k) || k === dim) {
      warn(`regime: the model has no width or context "${k}" to tie to ${dim}; ignored`);
      continue;
    }
    if (!parsed.ok || Object.keys(parsed.value.exponents).some((s) => s !== dim)) {
      warn(`regime ${k} = ${v}: a regime must be a power of ${dim}; ignored`);
      continue;
    }
    setKey((m.regime ??= {}), k, v);
    set(`regime ${k}`, v);
  }
  return m;
}

/** Diagnostics of the override file, shown on the model file (they belong to another file). */
export function overrideDiagnostic(file: string, d: Diagnostic, where: Range): Diagnostic {
  const at = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
  return { ...d, range: where, message: `${file}:${at}: ${d.message}` };
}
