import { type Where } from './flow';
import type { Call, Interp, Scope } from './interp';
import { type Text } from './ops';
import { type Mod, type Value } from './values';
/** The value a module was built with for a constructor parameter (positional or keyword). */
export declare function ctorArg(m: Mod, name: string): {
    value: Value;
    at: Where;
} | undefined;
export declare class TorchSemantics {
    private readonly ip;
    constructor(ip: Interp);
    getAttr(obj: Value, name: string, at: Where): Value;
    private moduleAttr;
    private instanceAttr;
    private tensorAttr;
    binary(op: string, a: Value, b: Value, at: Where, text: Text): Value;
    private op;
    private step;
    /** nn.X(...): a module, with containers' children read. */
    construct(cls: string, c: Call): Value;
    /** The children of a container: Sequential(a, b), Sequential(OrderedDict(...)), ModuleList([...]), ModuleDict({...}). */
    containerInit(m: Mod, cls: string, c: Call): void;
    /** super().__init__(...) of a class derived from a torch class: a container's children, or the layer it is. */
    baseInit(m: Mod, torchBase: string, c: Call): void;
    /** module(x): the module applied to the flow. */
    applyModule(m: Mod, c: Call): Value;
    /** The children of a Sequential applied in order. */
    private applyAll;
    /** A module class of the file applied: its forward (or its container's children), followed inline. */
    private applyUser;
    /** A call of something unknown: on the flow it is an operation the analysis does not cover. */
    unknownCall(fn: Extract<Value, {
        k: 'unknown';
    }>, c: Call): Value;
    callRef(q: string, c: Call): Value;
    private torchFunction;
    private orderedDict;
    callBuiltin(fn: Extract<Value, {
        k: 'builtin';
    }>, c: Call, scope: Scope): Value;
    private moduleMethod;
    private tensorMethod;
}
