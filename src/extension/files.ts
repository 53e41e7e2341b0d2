// Reading a file that is not open in an editor (an override beside a model file, a file of the
// workspace scan): only a regular file, only up to the size limit of one file, never a device, a
// FIFO or a socket (a link to /dev/zero would otherwise be read until memory runs out).
import * as vscode from 'vscode';
import { LIMITS, tooLargeMessage } from '../parse/limits';

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
    return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
  } catch (e) {
    return { skipped: `cannot read it: ${e instanceof Error ? e.message : String(e)}` };
  }
}
