// When does a branch hold? Its parameters must lie inside their bounds, the terms that do not
// balance must stay below the energy, and each term's chosen path must be the cheaper one at the
// optimum. Each condition is a linear form in the log sizes that must be >= 0.

import type { Candidate, Selection } from './candidates';
import { LinForm } from './linform';
import type { Branch } from './lp';
import { Rational } from './rational';

export function branchConditions(c: Candidate, s: Selection, b: Branch): LinForm[] {
  // Branches are cached with their architecture, so their conditions are worth keeping too.
  const memo = conditionMemo.get(b);
  if (memo) return memo;
  const conditions = computeConditions(c, s, b);
  conditionMemo.set(b, conditions);
  return conditions;
}

const conditionMemo = new WeakMap<Branch, LinForm[]>();

function computeConditions(c: Candidate, s: Selection, b: Branch): LinForm[] {
  const out: LinForm[] = [];
  const bound = (name: string, which: 'lower' | 'upper') => b.activeBounds.some((a) => a.param === name && a.which === which);
  for (const p of c.params) {
    const v = b.params[p.name];
    if (p.lower && !bound(p.name, 'lower')) out.push(v);
    if (p.upper && !bound(p.name, 'upper')) out.push(LinForm.sym(p.upper).sub(v));
  }
  s.terms.forEach((t, i) => {
    const at = t.form.substitute(b.params);
    if (!b.activeTerms.includes(i)) out.push(b.energy.sub(at));
    for (const alt of s.alternatives[i]) out.push(alt.substitute(b.params).sub(at));
  });
  return simplifyConditions(out);
}

/** Drops conditions that always hold for sizes >= 1 and duplicates (up to a positive factor). */
export function simplifyConditions(forms: LinForm[]): LinForm[] {
  const out: LinForm[] = [];
  const seen = new Set<string>();
  for (const f of forms) {
    const e = f.entries();
    if (e.every(([, v]) => v.sign() >= 0)) continue;
    // Dividing by a positive number keeps the inequality: normalise the first coefficient to ±1.
    const lead = e.sort(([a], [b]) => a.localeCompare(b))[0][1];
    const norm = f.scale(Rational.ONE.div(lead.sign() < 0 ? lead.neg() : lead));
    const key = norm.key();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
