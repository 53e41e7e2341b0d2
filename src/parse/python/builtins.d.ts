import type { Call, Interp, Scope } from './interp';
import { type Value } from './values';
export declare class Builtins {
    private readonly ip;
    constructor(ip: Interp);
    /** The builtin a bare name stands for, if any. */
    lookup(name: string): Value | undefined;
    call(name: string, c: Call, scope: Scope): Value;
    private bad;
    /** range, len, int, float, round, bool, str, abs, pow, min, max, sum, divmod. */
    private numeric;
    private toNumber;
    private reduce;
    /** list, tuple, set, sorted, reversed, zip, enumerate, dict, map, any, all. */
    private sequence;
    /** list(...), tuple(...), set(...), sorted(...), reversed(...). */
    private collect;
    /** getattr, setattr (layers named in a loop), print. */
    private attribute;
    method(self: Value, method: string, c: Call): Value;
    private listMethod;
    private dictMethod;
    private strMethod;
}
/** math.X and numpy.X on numbers (math.sqrt, math.prod, np.prod, ...), or undefined. */
export declare function mathFunction(name: string, c: Call): Value | undefined;
