// Text documents by uri: the one place that finds an open document or opens one.
import * as vscode from 'vscode';
import { log } from './log';

const key = (uri: vscode.Uri | string) => (typeof uri === 'string' ? uri : uri.toString());

/** The document already open in VS Code under this uri, if any (opens nothing). */
export function findOpenDocument(uri: vscode.Uri | string): vscode.TextDocument | undefined {
  const k = key(uri);
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === k);
}

/** The document under this uri: the open one, else opened (loaded, not shown); undefined when it cannot be. */
export async function openDocument(uri: vscode.Uri | string): Promise<vscode.TextDocument | undefined> {
  const open = findOpenDocument(uri);
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  } catch {
    return undefined;
  }
}

/**
 * The document a command is about: a uri argument (a string or a Uri), else the active editor's.
 * By default a uri argument (from a CodeLens, the status bar or a hover link) must name a document
 * already open: such a command never opens what an argument names. `openClosed` lets a command
 * that other extensions and tests call with a file (the experiment commands) open it.
 */
export async function targetDocument(arg: unknown, options: { openClosed?: boolean } = {}): Promise<vscode.TextDocument | undefined> {
  if (typeof arg !== 'string' && !(arg instanceof vscode.Uri)) return vscode.window.activeTextEditor?.document;
  if (options.openClosed) return openDocument(arg);
  const doc = findOpenDocument(arg);
  if (!doc) log(`command: ignored a document that is not open: ${key(arg).slice(0, 200)}`);
  return doc;
}

/** A file name whose extension tells the front ends the form (untitled documents have none). */
export function analysisFileName(doc: vscode.TextDocument): string {
  const name = doc.uri.scheme === 'file' ? doc.fileName : doc.uri.path || doc.fileName;
  if (/\.[A-Za-z0-9]+$/.test(name)) return name;
  const ext = doc.languageId.startsWith('json') ? '.json' : doc.languageId.startsWith('typescript') ? '.ts' : doc.languageId === 'python' ? '.py' : '.js';
  return name + ext;
}
