// Cheap floating-point questions for charts: the optimum (or one sequence's level) at any point of
// log-size space, without the exact solve. What a chart draws between exact points.

import { instance, type Chain, type Pattern } from './chain';
import { Passer } from './pass';
import { floatLevel, simplestAt } from './solve';

export interface Probe {
  /** log energy at the point. */
  E: number;
  /** The simplest sequence there. */
  sequence: Pattern[];
}

/** The optimum at a point given as log sizes in `chain.symbols` order (or one sequence's level). */
export function levelAt(chain: Chain, x: Float64Array, sequence?: Pattern[]): Probe | undefined {
  const passer = new Passer(instance(chain, x));
  const E = floatLevel(passer, undefined, sequence);
  if (E === undefined) return undefined;
  if (sequence) return { E, sequence };
  const s = simplestAt(passer, E);
  return s && { E, sequence: s };
}
