// The output channel, plus console lines the end-to-end harness waits on (SCALING_LENS_E2E=1).
import * as vscode from 'vscode';

const E2E = process.env.SCALING_LENS_E2E === '1';

let channel: vscode.OutputChannel | undefined;

export function initLog(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel('Scaling Lens');
  return channel;
}

export function log(line: string): void {
  channel?.appendLine(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
}

/** A line for the e2e harness: the remote extension host's console reaches the page as `[Extension Host] …`. */
export function e2e(line: string): void {
  if (E2E) console.log(`[scaling-lens] ${line}`);
}
