import type { Mod } from './values';
export interface Where {
    start: number;
    end: number;
}
export type Step = 
/** A module applied to the flow (nn.Linear, nn.Conv2d, nn.MultiheadAttention, ...). */
{
    s: 'module';
    mod: Mod;
    at: Where;
}
/** An activation: a module (nn.ReLU), a function (F.relu, torch.tanh) or a method (x.relu()). */
 | {
    s: 'act';
    name: string;
    at: Where;
    text: string;
}
/** Dropout (a module or F.dropout): kept as a transparent layer. */
 | {
    s: 'drop';
    at: Where;
    text: string;
    mod?: Mod;
}
/** An operation the analysis does not cover (a residual addition, a concatenation, an unknown call). */
 | {
    s: 'op';
    type: string;
    reason: string;
    at: Where;
    text: string;
};
export type FlowNode = {
    n: 'input';
} | {
    n: 'step';
    prev: FlowNode;
    step: Step;
    depth: number;
} | {
    n: 'merge';
    prevs: FlowNode[];
    step: Step;
    depth: number;
};
export declare const INPUT: FlowNode;
export declare function stepNode(prev: FlowNode, step: Step): FlowNode;
export declare function mergeNode(prevs: FlowNode[], step: Step): FlowNode;
/** Is `a` on the path that made `b`? (bounded search: a residual x + f(x) is found quickly) */
export declare function isAncestor(a: FlowNode, b: FlowNode, limit?: number): boolean;
/**
 * The steps that made `out`, each once, in an order where every step comes after the steps it
 * reads: for a chain, the chain; for a residual or a concatenation, both branches, then the merge.
 * Iterative (a forward can be thousands of steps long).
 */
export declare function linearize(out: FlowNode): Step[];
