/** nn activation classes → the activation name the engine knows (or reports as unknown). */
export declare const ACTIVATION_CLASSES: Record<string, string>;
/** Activations that only turn the readout's output into probabilities: dropped after the last Linear. */
export declare const OUTPUT_ACTIVATIONS: Set<string>;
/** The activation a qualified torch function name stands for (torch.nn.functional.relu → relu). */
export declare function activationOfFunction(q: string): string | undefined;
/** Tensor methods that are activations (x.relu(), x.tanh(), x.softmax(-1)). */
export declare function activationOfMethod(name: string): string | undefined;
/** Tensor methods that only reshape, move or re-type a tensor: the flow goes through them unchanged. */
export declare const PASS_METHODS: Set<string>;
/** Tensor methods and attributes that give a shape or property, not a tensor of the flow. */
export declare const SHAPE_METHODS: Set<string>;
/** torch functions that only reshape (torch.flatten(x, 1)). */
export declare const PASS_FUNCTIONS: Set<string>;
/** torch functions that combine several tensors. */
export declare const MERGE_FUNCTIONS: Record<string, string>;
/** Classes read as the identity (no layer at all). */
export declare const IDENTITY_CLASSES: Set<string>;
/** Classes read as transparent layers (kept in the list, ignored with a note by the analysis). */
export declare const TRANSPARENT_CLASSES: Record<string, string>;
export declare const ATTENTION_CLASSES: Set<string>;
/** Modules whose call returns a tuple whose first item carries the flow. */
export declare const TUPLE_RESULT_CLASSES: Set<string>;
/** Why an nn class is not covered, in words. */
export declare function reasonForClass(cls: string): string;
/** Qualified names of the bases that make a class an nn.Module. */
export declare function isModuleBase(q: string): boolean;
/** The conventional alias of a top-level name when a file uses it without importing it. */
export declare const CONVENTIONAL: Record<string, string>;
