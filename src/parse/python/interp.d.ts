import type { LineIndex } from '../text';
import type { Where } from './flow';
import type { Arg, Expr, Module, Param, Stmt } from './syntax';
import { TorchSemantics } from './torchCalls';
import { Builtins } from './builtins';
import { type ClassInfo, type DefStmt, type Instance, type Mod, type Note, type Value } from './values';
/** Loops with more iterations than this are not unrolled. */
export declare const MAX_UNROLL = 4096;
/** Function calls and module instantiations nested deeper than this are not followed. */
export declare const MAX_CALL_DEPTH = 12;
export declare class OutOfSteps extends Error {
}
/** The same call site with other positional arguments (a Sequential's children applied in turn). */
export declare function callWith(c: Call, args: Value[], argAt?: Where[]): Call;
export interface Scope {
    vars: Map<string, Value>;
    parent?: Scope;
    /** For messages: "MLP.__init__", "build_model()", "the module". */
    where: string;
    /** The class whose method this is (for super()). */
    cls?: ClassInfo;
    self?: Value;
}
type Flow = undefined | {
    ret: Value;
} | 'break' | 'continue';
export interface Call {
    args: Value[];
    argAt: Where[];
    kw: Map<string, Value>;
    kwAt: Map<string, Where>;
    at: Where;
    text: string;
}
export declare class Interp {
    readonly text: string;
    readonly lines: LineIndex;
    readonly module: Module;
    readonly globals: Scope;
    readonly classes: ClassInfo[];
    readonly mods: Mod[];
    /** The first instantiation of each module class built outside any module (it wins over defaults). */
    readonly firstInstance: Map<ClassInfo, Mod>;
    /** Later top-level instantiations with other arguments, for a note. */
    readonly otherInstances: Map<ClassInfo, Where[]>;
    /** Functions whose body ran while the module was read. */
    readonly ran: Set<{
        t: "def";
        name: string;
        nameStart: number;
        params: Param[];
        body: Stmt[];
        decorators: Expr[];
        header: import("./syntax").Span;
    } & import("./syntax").Span>;
    /** Where notes go: every collector on the stack gets each note. */
    readonly collectors: Note[][];
    /** Where each module-level name is first assigned (to say "used before it is assigned"). */
    private readonly assignedAt;
    instDepth: number;
    private callDepth;
    private steps;
    private maxSteps;
    private nextId;
    readonly torch: TorchSemantics;
    readonly builtins: Builtins;
    constructor(text: string, lines: LineIndex, module: Module, tokenCount: number);
    /** A fresh allowance of steps (one for the module, one for reading its models): total work stays linear. */
    refill(): void;
    tick(): void;
    src(w: Where, max?: number): string;
    /** Each note once per collector (a loop unrolled 4096 times says its problem once). */
    private readonly noted;
    note(message: string, at: Where, severity?: 'warning' | 'info'): void;
    newMod(cls: string, call: Call | undefined, at: Where): Mod;
    runModule(): void;
    /** Runs the module-level functions that build a model and did not run yet (params: defaults, else unknown). */
    runLeftoverFunctions(mentions: (def: DefStmt) => boolean): void;
    private readonly classOf;
    private declareClass;
    private resolveBases;
    /** Evaluates without notes (for look-ups that are not part of a model). */
    quiet<T>(f: () => T): T;
    /** A method of a class or of its bases in the file. */
    method(c: ClassInfo, name: string): {
        def: DefStmt;
        owner: ClassInfo;
    } | undefined;
    execBlock(stmts: Stmt[], scope: Scope): Flow;
    private exec;
    private readonly builds;
    /**
     * May this statement build a module or a list of them? It may when it builds a module (nn.Linear(...),
     * MLP(...)), appends, extends or adds to something, or calls a function of the file that may.
     * (A training loop does none of these.)
     */
    private mayBuild;
    /** Class-level assignments (hidden = 128) become class attributes. */
    private classBody;
    /** 1-based line of a position, for messages. */
    line(w: Where): number;
    private ifStmt;
    private forStmt;
    /**
     * A branch or loop that cannot be followed: everything it assigns or appends to is left unknown
     * rather than guessed, and said once (where a model is being read) when it touched anything.
     */
    private skip;
    private lineEnd;
    /** Marks what an assignment target names as unknown; returns how many were marked. */
    private taintTarget;
    assign(t: Expr, v: Value, scope: Scope): void;
    private unpack;
    /** A module built at the top level takes the name of the variable that holds it. */
    private nameModule;
    /** Classes of the file whose instances were given to another module. */
    readonly parts: Set<ClassInfo>;
    /** A module handed to another one is part of it, not a model of its own. */
    consume(v: Value): void;
    private importStmt;
    eval(e: Expr, scope: Scope): Value;
    private readonly fstrings;
    /** f"fc{i}": the fields evaluated and joined, when each has a static text. */
    private fstring;
    lookup(name: string, scope: Scope, at: Where): Value;
    private boolOp;
    private compareChain;
    private display;
    private dictDisplay;
    private comprehension;
    private subscript;
    private call;
    args(args: Arg[], scope: Scope, at: Where): Call;
    apply(fn: Value, c: Call, scope: Scope): Value;
    private superOf;
    /** Calls a function of the file: parameters bound (defaults, else unknown), body run, result returned. */
    callFunction(fn: Extract<Value, {
        k: 'func';
    }>, c: Call, leftover: boolean): Value;
    private callLambda;
    /** Binds call arguments to parameters; a parameter with neither an argument nor a default is unknown (named). */
    bind(params: Param[], c: Call, scope: Scope, where: string, unbound: string): void;
    /** Builds an instance of a class of the file; a module class runs its __init__ as a module. */
    instantiate(cls: ClassInfo, c: Call, defaultsOnly?: boolean): Value;
    private callInit;
    /** super().__init__(...): the base class of the file, or a torch container's children. */
    superInit(sup: Extract<Value, {
        k: 'super';
    }>, c: Call): Value;
    private recordInstance;
    /** A plain class (a config holder, a dataclass): its __init__, or its annotated fields. */
    private initPlain;
    /** A width-like integer argument, for range(), len() and friends. */
    int(v: Value): number | undefined;
    str(v: Value): string | undefined;
}
/** The instance behind `self` (a module of the file, or a plain object). */
export declare function instanceOf(v: Value): Instance | undefined;
export {};
