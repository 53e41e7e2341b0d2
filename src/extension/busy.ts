// A spinner in the status bar while the worker analyses a file for longer than a moment: a deep
// network takes seconds (128 layers of one width: 2 to 3 s a model), and until its result comes
// the editor showed nothing. It says how many of the file's models are done. VS Code's own window
// progress (what language servers show while indexing), never a notification: typing starts
// analyses all the time.
import * as vscode from 'vscode';
import type { Watcher } from '../worker/client';
import { e2e } from './log';

/** How long an analysis runs in the worker before the spinner shows (most take milliseconds). */
export const BUSY_AFTER_MS = 500;

export class BusyIndicator implements Watcher {
  private timer?: ReturnType<typeof setTimeout>;
  private report?: (message: string) => void;
  private close?: () => void;
  private ended = false;
  private done = 0;
  private total = 0;

  constructor(
    private readonly fileName: string,
    private readonly afterMs = BUSY_AFTER_MS,
  ) {}

  started(): void {
    if (this.ended || this.timer) return;
    this.timer = setTimeout(() => this.show(), this.afterMs);
  }

  progress(done: number, total: number): void {
    this.done = done;
    this.total = total;
    this.report?.(this.message());
  }

  /** The analysis answered (or was cancelled): the spinner goes, or never shows. */
  end(): void {
    this.ended = true;
    clearTimeout(this.timer);
    this.close?.();
  }

  private message(): string {
    return this.total > 1 ? `analysing ${this.fileName} (${this.done} of ${this.total} models done)` : `analysing ${this.fileName}`;
  }

  private show(): void {
    if (this.ended) return;
    e2e(`busy ${this.fileName}`);
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Scaling Lens' }, (p) => {
      // The task may start after the analysis answered: then it ends at once.
      if (this.ended) return Promise.resolve();
      this.report = (message) => p.report({ message });
      this.report(this.message());
      return new Promise<void>((resolve) => (this.close = resolve));
    });
  }
}
