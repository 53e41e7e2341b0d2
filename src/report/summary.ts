// What every surface says first about a model (hint, hover, CodeLens, status bar, chart, CLI text,
// workspace report): one place, so that they all say the same thing in the same words.

import type { ModelResult, RuleStatus } from '../contract/result';

export const NOT_LEARNABLE = 'not learnable by this network';

export interface Summary {
  kind: 'estimate' | 'not-learnable' | 'not-covered';
  /** "P* ∝ κ·√(N·d)", "P*: not learnable by this network", "P*: not covered". */
  headline: string;
  /** The status of the exponent shown (docs/method.md, "The status of a result"). */
  status?: RuleStatus;
  /** Why there is no number. */
  reason?: string;
}

export function summary(m: ModelResult): Summary {
  if (m.pStar) return { kind: 'estimate', headline: `P* ∝ ${m.pStar.text ?? ''}`, status: m.pStar.status };
  if (m.pStar === null) return { kind: 'not-learnable', headline: `P*: ${NOT_LEARNABLE}`, reason: m.reason };
  return { kind: 'not-covered', headline: 'P*: not covered', reason: m.notCovered.map((n) => `layer ${n.layer + 1} (${n.type}): ${n.reason}`).join('; ') || undefined };
}

/** The headline with its status or reason, on one line: "P* ∝ κ·√(N·d) [paper]". */
export function summaryLine(m: ModelResult): string {
  const s = summary(m);
  if (s.status) return `${s.headline} [${s.status}]`;
  return s.reason ? `${s.headline}: ${s.reason}` : s.headline;
}
