// A spinner in the status bar while the worker analyses a file for longer than a moment: a deep
// network takes seconds (128 layers of one width: 2 to 3 s a model), most of it walking the sizes
// for boundaries. It says how many of the file's models are done, and once the early result is
// shown (every model without its boundaries), that the boundaries are being walked. VS Code's own
// window progress (what language servers show while indexing), never a notification: typing
// starts analyses all the time.
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
  /** Counting early results (before any model is walked). */
  private stage?: 'early';
  /** The early result came: what is left is the walks along the sizes. */
  private walking = false;

  constructor(
    private readonly fileName: string,
    private readonly afterMs = BUSY_AFTER_MS,
  ) {}

  started(): void {
    if (this.ended || this.timer) return;
    this.timer = setTimeout(() => this.show(), this.afterMs);
  }

  progress(done: number, total: number, stage?: 'early'): void {
    this.done = done;
    this.total = total;
    this.stage = stage;
    this.report?.(this.message());
  }

  /** The early result is shown: the spinner stays for the walks (a deep network's boundaries). */
  early(): void {
    this.walking = true;
    this.stage = undefined;
    this.done = 0;
    this.report?.(this.message());
  }

  /** The analysis answered (or was cancelled): the spinner goes, or never shows. */
  end(): void {
    this.ended = true;
    clearTimeout(this.timer);
    this.close?.();
  }

  private message(): string {
    const what = this.walking ? `walking the phase boundaries of ${this.fileName}` : `analysing ${this.fileName}`;
    return this.total > 1 ? `${what} (${this.done} of ${this.total} models${this.stage ? '' : ' done'})` : what;
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
