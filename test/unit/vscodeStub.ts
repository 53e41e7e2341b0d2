// A small stand-in for the `vscode` module, so that unit tests can run extension code (the plot
// host, the hover, the commands, the override reader) and see what it asks VS Code to do. It
// records calls; a test sets the open documents and the file system's answers.
import Module = require('node:module');

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
};

export const state = {
  textDocuments: [] as ReturnType<typeof textDocument>[],
  /** stat() answers per uri string; a missing one throws "not found". */
  stats: new Map<string, { type: number; size: number }>(),
  files: new Map<string, string>(),
};

export function reset(): void {
  for (const k of Object.keys(calls) as (keyof typeof calls)[]) calls[k].length = 0;
  state.textDocuments = [];
  state.stats.clear();
  state.files.clear();
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
  ProgressLocation: { Notification: 15 },
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
    getConfiguration: () => ({ get: <T>(_k: string, d: T) => d, update: async () => undefined }),
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
