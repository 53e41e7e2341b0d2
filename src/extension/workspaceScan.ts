// "Analyse Workspace": every file the include/exclude settings select, read as the editor reads an
// open file (the settings for its folder, the override beside it), analysed by the worker.
import * as vscode from 'vscode';
import type { AnalysisClient } from '../worker/client';
import type { FileResult } from '../contract/result';
import type { ConfigFor } from './config';
import { mightContainModel } from '../parse/index';
import { pathSelected } from './select';
import { contentVersion, readOverrideFor, readTextFile, type FileRead } from './files';
import { findOpenDocument } from './documents';
import { log } from './log';

/** The files to scan: each include glob searched once (ripgrep refuses nested {…} groups), then filtered as the editor filters. */
export async function filesToScan(config: ConfigFor, token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const cfg = config();
  const flat = cfg.files.exclude.every((g) => !/[{}]/.test(g));
  const exclude = cfg.files.exclude.length && flat ? `{${cfg.files.exclude.join(',')}}` : undefined;
  const found = new Map<string, vscode.Uri>();
  for (const include of cfg.files.include) {
    for (const uri of await vscode.workspace.findFiles(include, exclude, 5000, token)) found.set(uri.toString(), uri);
  }
  return [...found.values()].filter((u) => {
    const files = config(u).files;
    return pathSelected(vscode.workspace.asRelativePath(u, false), files.include, files.exclude);
  });
}

/**
 * One file of the scan. Its requests have a key of their own (`#workspace`), so that a scan never
 * cancels (or is cancelled by) the editor's requests, and a version derived from the content, so
 * that the worker's cache answers only for the same text.
 */
export async function scanFile(client: AnalysisClient, config: ConfigFor, uri: vscode.Uri): Promise<FileResult | undefined> {
  const open = findOpenDocument(uri);
  const read: FileRead = open ? { text: open.getText() } : await readTextFile(uri);
  if (!('text' in read)) {
    log(`workspace: ${uri.toString()}: skipped: ${read.skipped}`);
    return undefined;
  }
  const fileName = uri.fsPath || uri.path;
  if (!mightContainModel(fileName, read.text)) return undefined;
  const override = await readOverrideFor(uri);
  const inputs = { defaults: config(uri).defaults, ...(override ? { override } : {}) };
  const o = await client.analyze({ uri: `${uri.toString()}#workspace`, version: contentVersion(read.text), fileName, text: read.text }, inputs);
  if (o.kind === 'result') return { ...o.result, file: vscode.workspace.asRelativePath(uri, false) };
  if (o.kind !== 'cancelled') log(`workspace: ${uri.toString()}: ${o.kind}`);
  return undefined;
}
