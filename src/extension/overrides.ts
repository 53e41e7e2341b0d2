// The override file beside a model file (model.scaling.json beside model.json): read for the worker,
// and watched so that editing it re-analyses the file it overrides.
import * as vscode from 'vscode';
import { overriddenFileNames, overrideFileName } from '../parse/override';
import { readTextFile } from './files';
import { log } from './log';

/** The override's text (from the editor when it is open there, else from disk), if there is one. */
export async function readOverrideFor(doc: vscode.TextDocument): Promise<{ fileName: string; text: string } | undefined> {
  if (doc.uri.scheme === 'untitled') return undefined;
  const path = overrideFileName(doc.uri.path);
  if (!path) return undefined;
  const uri = doc.uri.with({ path });
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { fileName: path, text: open.getText() };
  const read = await readTextFile(uri);
  if ('text' in read) return { fileName: path, text: read.text };
  // No override beside this file (the common case), or one that cannot be read: say so in the log.
  if (!/ENOENT|EntryNotFound|not found/i.test(read.skipped)) log(`override ${path}: ${read.skipped}`);
  return undefined;
}

/** Calls `refresh` with the overridden document whenever its override file changes. */
export function watchOverrides(refresh: (doc: vscode.TextDocument) => void): vscode.Disposable[] {
  // net.scaling.json may belong to net.json or to net.py: refresh whichever is open.
  const basesOf = (uri: vscode.Uri) => {
    const bases = overriddenFileNames(uri.path).map((path) => uri.with({ path }).toString());
    return vscode.workspace.textDocuments.filter((d) => bases.includes(d.uri.toString()));
  };
  const onUri = (uri: vscode.Uri) => {
    for (const doc of basesOf(uri)) refresh(doc);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.scaling.{json,jsonc}');
  return [
    watcher,
    watcher.onDidChange(onUri),
    watcher.onDidCreate(onUri),
    watcher.onDidDelete(onUri),
    vscode.workspace.onDidChangeTextDocument((e) => onUri(e.document.uri)),
  ];
}
