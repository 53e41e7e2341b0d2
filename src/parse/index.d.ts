import type { Diagnostic, ModelDescription } from '../model/types';
import type { ParseOptions } from './checks';
export type { ParseOptions } from './checks';
export interface ParsedDocument {
    models: ModelDescription[];
    diagnostics: Diagnostic[];
}
/**
 * Cheap test (substring search, no parse) of whether a file may hold a model: the one pre-filter of
 * the command line's directory walk, the editor and its workspace scan. It reads the name as
 * parseDocument does (the editor names an untitled document by its language: analysisFileName).
 */
export declare function mightContainModel(fileName: string, text: string): boolean;
/** Parses a document with the front end its name and content call for. */
export declare function parseDocument(fileName: string, text: string, options?: ParseOptions): ParsedDocument;
/** The diagnostic of a text over LIMITS.maxTextLength (the editor says it without sending the text to the worker). */
export declare function sizeDiagnostic(length: number): Diagnostic | undefined;
