import type { AttentionLayer, Layer, Range, SizeValue } from '../../model/types';
import { type RawEntry } from '../checks';
import type { Diags, LineIndex } from '../text';
import type { Step, Where } from './flow';
export interface BuiltLayers {
    layers: Layer[];
    /** The numbers the code gives its widths, as sizes of their symbols (N1 = 512), so that a regime can name them. */
    sizes: RawEntry[];
    dim: SizeValue;
    dimOrigin?: {
        text: string;
        range: Range;
    };
    /** The attention head the model was read as, if any. */
    attention?: AttentionLayer;
}
interface Ctx {
    lines: LineIndex;
    d: Diags;
    src: (w: Where, max?: number) => string;
    /** Where sizes can be given, for messages: "# @scaling sizes ... above the model or in net.scaling.json". */
    giveIt: (sym: string, alternative?: string) => string;
    context?: {
        value: SizeValue;
        text: string;
        range: Range;
    };
    /**
     * Name numeric widths N1, N2, ... with the code's number as their size (so that a regime or sizes
     * in the tags can name them); otherwise they stay numbers, as in a Keras model.json.
     */
    symbolic: boolean;
}
export declare class LayerBuilder {
    private readonly c;
    private readonly layers;
    private readonly sizes;
    /** Size symbols given to values that cannot be read, by the place that made them. */
    private readonly symbols;
    private readonly used;
    private denseCount;
    private lastDense?;
    /** An attention head came after the last dense layer (an activation then is not that layer's). */
    private attentionAfterDense;
    /** Dense layers whose activation forward has given. */
    private readonly activated;
    private attention?;
    private dim;
    private dimOrigin?;
    constructor(c: Ctx);
    private r;
    build(steps: Step[]): BuiltLayers;
    private push;
    private activation;
    private dense;
    /** The width of a layer, or the symbol it stands for (said as a warning at the argument). */
    private size;
    /** One symbol per unknown (two layers with the same unknown width share it): its Python name when it has one. */
    private symbolFor;
    /** A symbol no other size of the model uses yet. */
    private fresh;
    private shown;
    private bias;
    private inputDim;
    private readout;
    private uncovered;
    private attentionModule;
    /** In a model read as one attention head, every other layer is listed, not analysed. */
    private markPartial;
    /** Consecutive nn.Linear layers whose sizes do not chain (a misread would show here). */
    private checkShapes;
}
export {};
