// The TypeScript / JavaScript front end (formats.md, section 3). Placeholder, replaced shortly.
import type { ParseOptions } from './checks';
import type { FrontEndResult } from './scalingModel';

export function readTypeScript(text: string, options?: ParseOptions): FrontEndResult {
  void text;
  void options;
  return { models: [], diagnostics: [] };
}
