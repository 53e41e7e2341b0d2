// The data flow of a forward pass, as the reader follows it: every tensor is a node that records
// the step that made it (a module applied, an activation, an operation the analysis does not cover)
// and the node(s) it came from. Nodes share their past, so following a long forward stays linear.
// Pure: no Node, no VS Code.
import type { Mod } from './values';

export interface Where {
  start: number;
  end: number;
}

export type Step =
  /** A module applied to the flow (nn.Linear, nn.Conv2d, nn.MultiheadAttention, ...). */
  | { s: 'module'; mod: Mod; at: Where }
  /** An activation: a module (nn.ReLU), a function (F.relu, torch.tanh) or a method (x.relu()). */
  | { s: 'act'; name: string; at: Where; text: string }
  /** Dropout (a module or F.dropout): kept as a transparent layer. */
  | { s: 'drop'; at: Where; text: string; mod?: Mod }
  /** An operation the analysis does not cover (a residual addition, a concatenation, an unknown call). */
  | { s: 'op'; type: string; reason: string; at: Where; text: string };

export type FlowNode =
  | { n: 'input' }
  | { n: 'step'; prev: FlowNode; step: Step; depth: number }
  | { n: 'merge'; prevs: FlowNode[]; step: Step; depth: number };

export const INPUT: FlowNode = { n: 'input' };
/** Where the forward's other inputs begin (forward(self, state, action): action). */
export const OTHER_INPUT: FlowNode = { n: 'input' };

/** The forward's input, or one of its other inputs, before any step of the model (reader.ts marks those). */
export function isRawInput(f: FlowNode): boolean {
  return f === INPUT || (f.n === 'step' && f.prev === OTHER_INPUT);
}

function depthOf(f: FlowNode): number {
  return f.n === 'input' ? 0 : f.depth;
}

export function stepNode(prev: FlowNode, step: Step): FlowNode {
  return { n: 'step', prev, step, depth: depthOf(prev) + 1 };
}

export function mergeNode(prevs: FlowNode[], step: Step): FlowNode {
  return { n: 'merge', prevs, step, depth: Math.max(...prevs.map(depthOf)) + 1 };
}

/** Is `a` on the path that made `b`? (bounded search: a residual x + f(x) is found quickly) */
export function isAncestor(a: FlowNode, b: FlowNode, limit = 10000): boolean {
  const seen = new Set<FlowNode>();
  const stack = [b];
  while (stack.length && seen.size < limit) {
    const x = stack.pop()!;
    if (x === a) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.n === 'step') stack.push(x.prev);
    else if (x.n === 'merge') stack.push(...x.prevs);
  }
  return false;
}

/**
 * The steps that made `out`, each once, in an order where every step comes after the steps it
 * reads: for a chain, the chain; for a residual or a concatenation, both branches, then the merge.
 * Iterative (a forward can be thousands of steps long). With them, the steps the forward's input
 * reaches (its path through the model; a merge is on it when one of its branches is): another
 * input's own steps are not, and the input does not "go through" them before the first layer.
 */
export function linearize(out: FlowNode): { steps: Step[]; onInput: Set<Step> } {
  const onInput = reachesInput(out);
  const order: Step[] = [];
  const done = new Set<FlowNode>();
  const stack: { node: FlowNode; expanded: boolean }[] = [{ node: out, expanded: false }];
  while (stack.length) {
    const top = stack.pop()!;
    const x = top.node;
    if (x.n === 'input' || done.has(x)) continue;
    if (top.expanded) {
      done.add(x);
      order.push(x.step);
      continue;
    }
    stack.push({ node: x, expanded: true });
    // The branch the forward's input comes through first: another input's own steps (a time
    // embedding) were listed as the model's first layers.
    const prevs = x.n === 'step' ? [x.prev] : [...x.prevs].sort((a, b) => Number(onInput.get(b)) - Number(onInput.get(a)));
    for (let k = prevs.length - 1; k >= 0; k--) if (!done.has(prevs[k])) stack.push({ node: prevs[k], expanded: false });
  }
  const inputs = new Set<Step>();
  for (const [node, on] of onInput) if (on && node.n !== 'input') inputs.add(node.step);
  return { steps: order, onInput: inputs };
}

/** Each node of `out`'s past, and whether the forward's input reaches it (iterative: a forward can be long). */
function reachesInput(out: FlowNode): Map<FlowNode, boolean> {
  const main = new Map<FlowNode, boolean>();
  const stack: { node: FlowNode; expanded: boolean }[] = [{ node: out, expanded: false }];
  while (stack.length) {
    const top = stack.pop()!;
    const x = top.node;
    if (main.has(x)) continue;
    if (x.n === 'input') {
      main.set(x, x === INPUT);
      continue;
    }
    const prevs = x.n === 'step' ? [x.prev] : x.prevs;
    if (!top.expanded) {
      stack.push({ node: x, expanded: true });
      for (const p of prevs) if (!main.has(p)) stack.push({ node: p, expanded: false });
      continue;
    }
    main.set(x, prevs.some((p) => main.get(p)));
  }
  return main;
}
