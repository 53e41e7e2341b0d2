// Reading files for the worker: a file that is not open in an editor (an override beside a model
// file, a file of the workspace scan) is read only when it is a regular file within the size limit
// of one file, never a device, a FIFO or a socket (a link to /dev/zero would otherwise be read until
// memory runs out). The override beside a model is found here and watched; what it means is
// src/parse/override.ts's business, in the worker.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { LIMITS, tooLargeMessage } from '../parse/limits';
import { overriddenFileNames, overrideFileName } from '../parse/override';
import type { OverrideText } from '../contract/inputs';
import { findOpenDocument } from './documents';
import { log } from './log';

export type FileRead = { text: string } | { skipped: string };

export async function readTextFile(uri: vscode.Uri): Promise<FileRead> {
  let st: vscode.FileStat;
  try {
    st = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    return { skipped: `cannot read it: ${e instanceof Error ? e.message : String(e)}` };
  }
  // A link to a regular file is a file here; a link to anything else is not.
  if (!(st.type & vscode.FileType.File)) return { skipped: 'not a regular file (a directory, device, FIFO or socket); not read' };
  if (st.size > LIMITS.maxTextLength) return { skipped: tooLargeMessage(st.size) };
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    // The file may have grown since its stat (the file system has no read of a given length here).
    if (bytes.length > LIMITS.maxTextLength) return { skipped: tooLargeMessage(bytes.length) };
    return { text: new TextDecoder().decode(bytes) };
  } catch (e) {
    return { skipped: `cannot read it: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The override's text (from the editor when it is open there, else from disk), if there is one. */
export async function readOverrideFor(model: vscode.Uri): Promise<OverrideText | undefined> {
  if (model.scheme === 'untitled') return undefined;
  const path = overrideFileName(model.path);
  if (!path) return undefined;
  const uri = model.with({ path });
  const open = findOpenDocument(uri);
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
  const onUri = (uri: vscode.Uri) => {
    for (const path of overriddenFileNames(uri.path)) {
      const doc = findOpenDocument(uri.with({ path }));
      if (doc) refresh(doc);
    }
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

/**
 * A version for text that has none (a file of the workspace scan): derived from the content (48 bits
 * of its SHA-256), so that the worker's cache answers again only for the same text, never for
 * another text of the same length.
 */
export function contentVersion(text: string): number {
  return parseInt(createHash('sha256').update(text).digest('hex').slice(0, 12), 16);
}
