// The status of a result, not only of its rules (docs/method.md, "The status of a result"): the
// status belongs to the exponent shown. It is "paper" only where the paper states that exponent for
// that network, "reported" for the attention head's published scaling in its interior branch, and
// "derived" everywhere else, even when every rule used is a paper rule. This is the one place that
// knows what the paper states; the numbers themselves always come from the general rules.

import type { Chain, Pattern } from './chain';
import { LinForm } from './linform';
import type { RuleStatus } from './rules';
import { Rational } from './rational';

interface Row {
  hidden: number;
  sequence: string;
  /** The energy the paper prints, by width position (N for one layer; N1, N2 for two) and d. */
  energy: (w: string[], d: string) => LinForm;
}

const half = Rational.of(1, 2);
const third = Rational.of(1, 3);

/** The erf networks without biases, degree-3 target, standard readout (paper, Fig. 2 and Table 1). */
const PAPER: Row[] = [
  { hidden: 1, sequence: 'gp', energy: (_w, d) => LinForm.sym(d, 3) },
  { hidden: 1, sequence: 'specialization', energy: (w, d) => LinForm.of([[w[0], half], [d, half]]) },
  { hidden: 2, sequence: 'gp-gp', energy: (_w, d) => LinForm.sym(d, 3) },
  { hidden: 2, sequence: 'gp-specialization', energy: (w, d) => LinForm.of([[w[1], half], [d, half]]) },
  { hidden: 2, sequence: 'specialization-magnetization', energy: (w, d) => LinForm.of([[w[0], third], [w[1], third], [d, third]]) },
];

/** The networks the paper's results are stated for: erf without biases, degree 3, standard readout, at most two hidden layers. */
export function paperNetwork(chain: Chain): boolean {
  const p = chain.problem;
  return (
    p.degree === 3 &&
    p.readout === 'standard' &&
    chain.layers.length <= 2 &&
    chain.layers.every((l) => l.act?.name === 'erf' && l.spec.kind === 'dense' && !l.spec.bias)
  );
}

/** Is this sequence, with this energy, a result the paper states for this network? */
export function paperRow(chain: Chain, sequence: readonly Pattern[], energy: LinForm): boolean {
  if (!paperNetwork(chain)) return false;
  const widths = chain.layers.map((l) => chain.symbols[l.width]);
  const d = chain.symbols[chain.dim];
  const id = sequence.join('-');
  return PAPER.some((r) => r.hidden === chain.layers.length && r.sequence === id && r.energy(widths, d).equals(energy));
}

/** The attention head's sqrt(L d^3), m = 3, in its interior branch d <= L <= d^3 (reported). */
function reportedAttention(chain: Chain, sequence: readonly Pattern[], energy: LinForm): boolean {
  const p = chain.problem;
  if (p.degree !== 3 || chain.layers.length !== 1 || chain.layers[0].act || sequence[0] !== 'specialization') return false;
  const L = chain.symbols[chain.layers[0].width];
  return energy.equals(LinForm.of([[L, half], [chain.symbols[chain.dim], Rational.of(3, 2)]]));
}

/**
 * The status of a result: `shown` is the winner's sequence and energy; `tied` are other sequences
 * with the same exponent at the point (when one of them is a paper row with that exponent, the
 * exponent is still the paper's, as in the proportional regime).
 */
export function resultStatus(chain: Chain, shown: { sequence: readonly Pattern[]; energy: LinForm }, tied: { sequence: readonly Pattern[]; energy: LinForm }[] = []): RuleStatus {
  if (reportedAttention(chain, shown.sequence, shown.energy)) return 'reported';
  if ([shown, ...tied].some((t) => paperRow(chain, t.sequence, t.energy))) return 'paper';
  return 'derived';
}
