// Which documents are worth sending to the worker. Pure (no `vscode`): the extension passes in
// the language id, the path and the text. Cheap checks only; the front ends decide for real.
import { mightHoldScriptModel } from '../parse/typescript';

import { mightHoldTorchModel } from '../parse/python/markers';

export const LANGUAGES = ['json', 'jsonc', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python'] as const;

const JSON_LANGS = new Set(['json', 'jsonc']);
const TS_LANGS = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

/** True when the text may hold a model: a `scalingModel` key, an `@scaling` tag, TF.js code building a model, a Keras or HF config, a torch.nn model. */
export function mayHoldModel(languageId: string, fileName: string, text: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (JSON_LANGS.has(languageId) || /\.jsonc?$/i.test(base)) {
    if (text.includes('"scalingModel"')) return true;
    if (text.includes('"modelTopology"') || (text.includes('"class_name"') && text.includes('"units"'))) return true;
    if (/^config\.json$/i.test(base) && /"(hidden_size|n_embd|d_model)"/.test(text)) return true;
    return false;
  }
  // A .py file is Python whatever language the caller guessed (the workspace scan guesses from the name).
  if (languageId === 'python' || /\.py$/i.test(base)) return mightHoldTorchModel(text);
  if (TS_LANGS.has(languageId) || /\.[cm]?[jt]sx?$/i.test(base)) {
    return mightHoldScriptModel(text);
  }
  return false;
}

/** A small glob matcher for the include/exclude settings: `**`, `*`, `?`, `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) { re += '\\{'; continue; }
      re += `(?:${glob.slice(i + 1, end).split(',').map((p) => p.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
      i = end;
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether a workspace-relative path (forward slashes) passes the include/exclude globs. */
export function pathSelected(relPath: string, include: string[], exclude: string[]): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const any = (globs: string[]) => globs.some((g) => globToRegExp(g.replace(/^\.\//, '')).test(p));
  return any(include) && !any(exclude);
}
