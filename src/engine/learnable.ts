// Can any path carry the target at all? (docs/method.md, "Degree support".) The input kernel is
// linear (degree 1 only); each layer reaches the sums of k degrees below it for every degree k its
// activation has, and a spike lands on every degree it has. If degree m is never reached, no pattern
// can align the network with He_m: the result is "not learnable by this network", with no number.

import { degreeWeights } from './activation';
import type { Chain } from './chain';
import { Rational } from './rational';

export function reachableDegrees(chain: Chain): boolean[][] {
  const m = chain.m;
  let cur = new Array<boolean>(m + 1).fill(false);
  cur[1] = true;
  const out = [cur];
  for (const layer of chain.layers) {
    const has = layer.weights.map((w) => w !== null);
    const next = new Array<boolean>(m + 1).fill(false);
    // Sums of k reachable degrees, for each k the layer carries (and the spike's own degrees).
    let sums = cur.slice();
    for (let k = 1; k <= m; k++) {
      if (k > 1) {
        const nx = new Array<boolean>(m + 1).fill(false);
        for (let j = 1; j <= m; j++) for (let a = 1; a < j; a++) if (cur[a] && sums[j - a]) nx[j] = true;
        sums = nx;
      }
      if (has[k]) for (let j = 1; j <= m; j++) if (sums[j]) next[j] = true;
    }
    if (layer.act) {
      for (let j = 1; j <= m; j++) if (has[j]) next[j] = true;
    } else next[m] = true; // the attention head's value path carries the target
    cur = next;
    out.push(cur);
  }
  return out;
}

/** Why no path reaches degree m, in words; undefined when one does. */
export function unlearnableReason(chain: Chain): string | undefined {
  const m = chain.m;
  const reach = reachableDegrees(chain);
  if (reach[reach.length - 1][m]) return undefined;
  const dense = chain.layers.filter((l) => l.act);
  const acts = [...new Set(dense.map((l) => l.act!.name))];
  const biased = dense.some((l) => l.spec.kind === 'dense' && l.spec.bias);
  if (!biased && m % 2 === 0 && dense.every((l) => l.act!.support === 'odd')) {
    return `an odd network has no even component: ${acts.join(', ')} ${acts.length > 1 ? 'are' : 'is'} odd and no layer has a bias, so the network computes an odd function and cannot align with the even target He_${m}`;
  }
  const degrees = dense.map((l, i) => `layer ${i + 1} (${l.act!.name}): ${l.act!.degrees}`).join('; ');
  const hint = !biased && m % 2 === 1 && dense.length === 1 && dense[0].act!.support === 'linear-even' ? ` One such layer carries only degrees 0, 1 and the even degrees; two can carry He_${m}.` : '';
  return `no path carries degree ${m}: from the linear input kernel, the activations' Hermite degrees (${degrees}) never produce He_${m}.${hint}${offsetQuestion(chain)}`;
}

/**
 * An open question the verdict rests on (docs/method.md, "Degree support"): an activation with a
 * constant part (sigmoid's 1/2, ReLU's mean) gives the next layer's preactivations a random offset
 * through its weights, which acts as a bias the rules do not count. Where counting it (as a bias of
 * variance d^0) would reach degree m, the verdict says so instead of standing alone.
 */
function offsetQuestion(chain: Chain): string {
  const m = chain.m;
  let prev: Chain['layers'][number] | undefined;
  const offset: number[] = [];
  const layers = chain.layers.map((l, i) => {
    const below = prev;
    prev = l;
    if (!l.act || !below?.act?.has(0) || (l.spec.kind === 'dense' && l.spec.bias)) return l;
    offset.push(i + 1);
    return { ...l, weights: degreeWeights(l.act, m, true, Rational.ZERO) };
  });
  if (!offset.length || !reachableDegrees({ ...chain, layers }).at(-1)![m]) return '';
  return ` This rests on an open question: the constant part of the activation below layer${offset.length > 1 ? 's' : ''} ${offset.join(', ')} gives ${offset.length > 1 ? 'them' : 'it'} a random offset through the weights, which acts as a bias the rules do not count; counted as one, He_${m} is reached (give the layer a bias to see that analysis).`;
}
