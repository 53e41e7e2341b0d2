import { type ParseOptions } from '../checks';
import { type FrontEndResult } from '../scalingModel';
export declare function readPyTorch(text: string, options?: ParseOptions, fileName?: string): FrontEndResult;
