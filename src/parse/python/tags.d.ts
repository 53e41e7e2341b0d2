import type { Origin, Range, ReadoutKind, SizeValue } from '../../model/types';
import { type RawEntry, type Stated } from '../checks';
import type { Token } from '../jsTokens';
import { Diags, type LineIndex } from '../text';
import { type Block } from '../tsTags';
export interface PyTags {
    block: Block;
    diags: Diags;
    name?: string;
    dim?: {
        value: SizeValue;
        range: Range;
        text: string;
    };
    context?: {
        value: SizeValue;
        range: Range;
        text: string;
    };
    degree?: number;
    readout?: ReadoutKind;
    kappa?: number | string;
    stated: Stated;
    sizes: RawEntry[];
    regime: RawEntry[];
    /** Values set with `@scaling assume` (listed as annotation assumptions). */
    annotations: {
        what: string;
        value: string;
    }[];
    origins: Record<string, Origin>;
}
/** The `@scaling` blocks of a Python file's `#` comments, each read into what it states. */
export declare function readTagBlocks(comments: Token[], text: string, lines: LineIndex): PyTags[];
/** Several blocks for one model (a file header and a block above the class): later values win, lists add up. */
export declare function mergeTags(list: PyTags[]): PyTags | undefined;
