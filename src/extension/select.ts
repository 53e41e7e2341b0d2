// Which documents the editor analyses: the languages it reads, and the include/exclude globs. Pure
// (no `vscode`). Whether a text may hold a model is src/parse/index.ts's mightContainModel, the
// one pre-filter the command line uses too.

export const LANGUAGES = ['json', 'jsonc', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python'] as const;

// ------------------------------------------------------------------ globs
// The include/exclude settings are globs, matched on the extension host's main thread at every
// document event, and a workspace may set them: so they are matched by a small automaton that reads
// the path once, never by a regular expression built from the glob (one that can back-track for
// minutes on a crafted glob). Time: path length × glob length, both bounded.

/** Longest glob read; {a,b} groups may give at most MAX_ALTERNATIVES globs. */
const MAX_GLOB_LENGTH = 256;
const MAX_ALTERNATIVES = 32;

const enum Tok {
  /** One given character. */
  Lit,
  /** `?`: one character other than `/`. */
  One,
  /** `*`: any run of characters other than `/`. */
  Star,
  /** `**` not followed by `/`: any run of characters. */
  All,
  /** `**​/`: nothing, or any run of characters that ends with `/` (whole directories). */
  Dirs,
}
type Token = { t: Tok; c?: string };

/** `{a,b}` groups expanded (not nested: the first `}` closes, as before), or undefined past the limit. */
function expandBraces(glob: string): string[] | undefined {
  let out = [''];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    const end = c === '{' ? glob.indexOf('}', i) : -1;
    if (end < 0) {
      out = out.map((o) => o + c);
      continue;
    }
    const alts = glob.slice(i + 1, end).split(',');
    if (out.length * alts.length > MAX_ALTERNATIVES) return undefined;
    out = out.flatMap((o) => alts.map((a) => o + a));
    i = end;
  }
  return out;
}

function tokens(glob: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      while (glob[i + 1] === '*') i++; // *** is **
      if (glob[i + 1] === '/') {
        i++;
        out.push({ t: Tok.Dirs });
      } else out.push({ t: Tok.All });
    } else if (c === '*') {
      out.push({ t: Tok.Star });
    } else if (c === '?') out.push({ t: Tok.One });
    else out.push({ t: Tok.Lit, c });
  }
  return out;
}

/**
 * Whether the path matches the tokens: the set of states (token positions, and for `**​/` a second
 * state "inside a directory name") advanced one character at a time.
 */
function run(toks: Token[], path: string): boolean {
  const m = toks.length;
  // States 0..m: before token i (m: accepted); m+1+i: inside the directory part of a Dirs token i.
  let cur = new Uint8Array(2 * m + 2);
  let next = new Uint8Array(2 * m + 2);
  const close = (set: Uint8Array) => {
    // ε-moves: Star, All and Dirs may match nothing.
    for (let i = 0; i < m; i++) if (set[i] && toks[i].t !== Tok.Lit && toks[i].t !== Tok.One) set[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  for (let k = 0; k < path.length; k++) {
    const ch = path[k];
    const slash = ch === '/';
    next.fill(0);
    let any = false;
    for (let i = 0; i < m; i++) {
      const tk = toks[i];
      if (cur[i]) {
        if (tk.t === Tok.Lit) { if (tk.c === ch) next[i + 1] = 1; }
        else if (tk.t === Tok.One) { if (!slash) next[i + 1] = 1; }
        else if (tk.t === Tok.Star) { if (!slash) next[i] = 1; }
        else if (tk.t === Tok.All) next[i] = 1;
        else if (slash) next[i] = 1; // Dirs: a '/' ends a directory; more may follow
        else next[m + 1 + i] = 1;
      }
      if (tk.t === Tok.Dirs && cur[m + 1 + i]) {
        if (slash) next[i] = 1;
        else next[m + 1 + i] = 1;
      }
    }
    close(next);
    for (let i = 0; i < next.length; i++) if (next[i]) { any = true; break; }
    if (!any) return false;
    [cur, next] = [next, cur];
  }
  return cur[m] === 1;
}

const compiled = new Map<string, Token[][] | undefined>();

/** A glob as a matcher (`**`, `*`, `?`, `{a,b}`); a glob past the limits matches nothing. */
export function globMatcher(glob: string): (path: string) => boolean {
  if (!compiled.has(glob)) {
    const alts = glob.length <= MAX_GLOB_LENGTH ? expandBraces(glob) : undefined;
    if (compiled.size > 256) compiled.clear();
    compiled.set(glob, alts?.map(tokens));
  }
  const alts = compiled.get(glob);
  return (path) => !!alts && alts.some((toks) => run(toks, path));
}

/** Whether a workspace-relative path (forward slashes) passes the include/exclude globs. */
export function pathSelected(relPath: string, include: string[], exclude: string[]): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const any = (globs: string[]) => globs.some((g) => globMatcher(g.replace(/^\.\//, ''))(p));
  return any(include) && !any(exclude);
}
