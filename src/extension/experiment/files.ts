// Experiment results beside a model file (`<stem>.experiment.json`, or `<stem>.<model>.experiment.json`
// when the file has several models): found when the plot shows the file, written when a run ends.
import * as vscode from 'vscode';
import { checkResults, isResultsFileFor } from '../../experiment/results';
import type { ExperimentResults } from '../../experiment/types';
import { log } from '../log';

/** At most this many results files are read beside one model file, each at most this large. */
const MAX_FILES = 20;
const MAX_BYTES = 32 * 1024 * 1024;

export async function readResultsBeside(doc: vscode.TextDocument): Promise<{ results: ExperimentResults; fileName: string }[]> {
  if (doc.uri.scheme === 'untitled') return [];
  const dir = vscode.Uri.joinPath(doc.uri, '..');
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return [];
  }
  const names = entries.filter(([n, t]) => t === vscode.FileType.File && isResultsFileFor(doc.uri.path, n)).map(([n]) => n).sort().slice(0, MAX_FILES);
  const out: { results: ExperimentResults; fileName: string }[] = [];
  for (const name of names) {
    const uri = vscode.Uri.joinPath(dir, name);
    const read = await readResultsFile(uri);
    if ('error' in read) log(`experiment: ${name}: ${read.error}`);
    else out.push({ results: read.results, fileName: name });
  }
  return out;
}

export async function readResultsFile(uri: vscode.Uri): Promise<{ results: ExperimentResults } | { error: string }> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_BYTES) return { error: `larger than ${MAX_BYTES / 1024 / 1024} MB` };
    const bytes = await vscode.workspace.fs.readFile(uri);
    // Grown since its stat: the same limit on what was read.
    if (bytes.length > MAX_BYTES) return { error: `larger than ${MAX_BYTES / 1024 / 1024} MB` };
    const text = new TextDecoder().decode(bytes);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { error: `not JSON: ${(e as Error).message}` };
    }
    const c = checkResults(value);
    return c.ok ? { results: c.results } : { error: c.error };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
