// A small stand-in for the `vscode` module, so that unit tests can run extension code (the plot
// host, the hover, the commands, the override reader, the settings) and see what it asks VS Code to
// do. It records calls; a test sets the open documents, the file system's answers and the settings
// (the user's, and a folder's). As VS Code does, it takes each setting's default from package.json.
import Module = require('node:module');
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export class Uri {
  private constructor(readonly scheme: string, readonly path: string, private readonly text?: string) {}
  static parse(s: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(s);
    return new Uri(m ? m[1] : 'file', m ? m[2] : s, s);
  }
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static joinPath(u: Uri, ...parts: string[]): Uri {
    return new Uri(u.scheme, [u.path, ...parts].join('/'));
  }
  with(change: { path?: string }): Uri {
    return new Uri(this.scheme, change.path ?? this.path);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return this.text ?? `${this.scheme}://${this.path}`;
  }
}

export class Position {
  constructor(readonly line: number, readonly character: number) {}
}
export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
  }
}
export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.edits.push({ uri, range, text });
  }
}
export class MarkdownString {
  isTrusted?: boolean | { enabledCommands: string[] };
  supportHtml?: boolean;
  constructor(public value = '') {}
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
}
export class Hover {
  constructor(readonly contents: MarkdownString, readonly range?: Range) {}
}
export class EventEmitter<T> {
  private ls: ((e: T) => void)[] = [];
  event = (l: (e: T) => void) => {
    this.ls.push(l);
    return { dispose: () => undefined };
  };
  fire(e: T): void {
    for (const l of this.ls) l(e);
  }
  dispose(): void {
    this.ls = [];
  }
}

/** A text document as the extension code reads it. */
export function textDocument(uri: string, text: string, languageId = 'json', version = 1) {
  const u = Uri.parse(uri);
  const lines = text.split('\n');
  return {
    uri: u,
    fileName: u.path,
    languageId,
    version,
    isClosed: false,
    getText: () => text,
    lineAt: (line: number) => ({ text: lines[line] ?? '' }),
    positionAt: (offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return new Position(before.length - 1, before[before.length - 1].length);
    },
    validateRange: (r: Range) => r,
    validatePosition: (p: Position) => p,
  };
}

const disposable = () => ({ dispose: () => undefined });

/** What the code under test asked for. */
export const calls = {
  openTextDocument: [] as string[],
  applyEdit: [] as WorkspaceEdit[],
  showTextDocument: [] as unknown[],
  readFile: [] as string[],
  messages: [] as string[],
  /** window.withProgress: its options, the messages reported, and whether its task has ended. */
  progress: [] as { location: number; title?: string; reports: string[]; ended: boolean }[],
};

export const state = {
  textDocuments: [] as ReturnType<typeof textDocument>[],
  /** stat() answers per uri string; a missing one throws "not found". */
  stats: new Map<string, { type: number; size: number }>(),
  files: new Map<string, string>(),
  /** The user's settings, by full key ("scalingLens.defaults.targetDegree"). */
  settings: {} as Record<string, unknown>,
  /** A workspace folder's settings, by the folder's path: they win for the files inside it. */
  folderSettings: new Map<string, Record<string, unknown>>(),
};

export function reset(): void {
  for (const k of Object.keys(calls) as (keyof typeof calls)[]) calls[k].length = 0;
  state.textDocuments = [];
  state.stats.clear();
  state.files.clear();
  state.settings = {};
  state.folderSettings.clear();
}

/** The defaults package.json declares (contributes.configuration), as VS Code reads them. */
const MANIFEST_DEFAULTS: Record<string, unknown> = (() => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
  return Object.fromEntries(Object.entries(pkg.contributes.configuration.properties).map(([k, v]) => [k, v.default]));
})();

/** getConfiguration(section, scope): a folder's value for a file inside it, else the user's, else the default. */
function getConfiguration(section?: string, scope?: { path: string } | null) {
  const full = (key: string) => (section ? `${section}.${key}` : key);
  const folder = scope ? [...state.folderSettings.entries()].find(([dir]) => scope.path.startsWith(dir.endsWith('/') ? dir : `${dir}/`))?.[1] : undefined;
  const value = (k: string) => (folder && k in folder ? folder[k] : k in state.settings ? state.settings[k] : MANIFEST_DEFAULTS[k]);
  return {
    get: <T>(key: string, fallback?: T) => (value(full(key)) ?? fallback) as T,
    inspect: (key: string) => ({ key: full(key), defaultValue: MANIFEST_DEFAULTS[full(key)] }),
    update: async () => undefined,
  };
}

/** A ConfigurationChangeEvent for changed keys, `folder` set when a folder's settings changed. */
export function configurationChange(keys: string[], folder?: string) {
  return {
    affectsConfiguration: (section: string, scope?: { path: string }) =>
      keys.some((k) => k === section || k.startsWith(`${section}.`)) && (!folder || !scope || scope.path.startsWith(`${folder}/`)),
  };
}

export const vscode = {
  Uri,
  Position,
  Range,
  WorkspaceEdit,
  MarkdownString,
  Hover,
  EventEmitter,
  ViewColumn: { One: 1, Beside: -2 },
  FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  ProgressLocation: { Notification: 15, Window: 10 },
  ConfigurationTarget: { Global: 1 },
  workspace: {
    get textDocuments() {
      return state.textDocuments;
    },
    onDidChangeTextDocument: disposable,
    openTextDocument: async (u: Uri) => {
      calls.openTextDocument.push(String(u));
      throw new Error('the stub opens nothing');
    },
    applyEdit: async (e: WorkspaceEdit) => {
      calls.applyEdit.push(e);
      return true;
    },
    asRelativePath: (u: Uri | string) => (typeof u === 'string' ? u : u.path),
    getWorkspaceFolder: () => undefined,
    workspaceFolders: undefined,
    getConfiguration,
    fs: {
      stat: async (u: Uri) => {
        const s = state.stats.get(String(u));
        if (!s) throw new Error('EntryNotFound (FileSystemError)');
        return { type: s.type, size: s.size, ctime: 0, mtime: 0 };
      },
      readFile: async (u: Uri) => {
        calls.readFile.push(String(u));
        return new TextEncoder().encode(state.files.get(String(u)) ?? '');
      },
    },
  },
  window: {
    showTextDocument: async (...args: unknown[]) => {
      calls.showTextDocument.push(args);
    },
    activeTextEditor: undefined,
    createOutputChannel: () => ({ appendLine: () => undefined, dispose: () => undefined }),
    showWarningMessage: async (m: string) => void calls.messages.push(m),
    showInformationMessage: async (m: string) => void calls.messages.push(m),
    showErrorMessage: async (m: string) => void calls.messages.push(m),
    withProgress: async <T>(o: { location: number; title?: string }, task: (p: { report: (r: { message?: string }) => void }) => Promise<T>): Promise<T> => {
      const rec = { location: o.location, title: o.title, reports: [] as string[], ended: false };
      calls.progress.push(rec);
      try {
        return await task({ report: (r) => void (r.message !== undefined && rec.reports.push(r.message)) });
      } finally {
        rec.ended = true;
      }
    },
  },
  env: { clipboard: { writeText: async () => undefined } },
  commands: { registerCommand: disposable },
};

let installed = false;

/** Makes `require('vscode')` return the stub (call before loading extension modules). */
export function installVscodeStub(): void {
  if (installed) return;
  installed = true;
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
}
