// The panel's way to its plot session (src/plot/session.ts): a Web Worker made from the plot
// worker's bundle (fetched from the extension, then started from a blob: a webview cannot start a
// worker from its resource URL), or, where no worker starts (a policy, an old host), the same
// session on the panel's own thread, a message at a time between its other work. Messages sent
// while the worker starts wait for it; if it fails before its first answer, they go to the session
// on this thread instead.
import { createPlotSession, type FromPlotSession, type ToPlotSession } from '../src/plot/session';

export interface PlotChannel {
  send(m: ToPlotSession): void;
}

/** Where the session runs: `thread` (a Web Worker), `page` (this thread), `starting`. */
export type ChannelMode = 'starting' | 'thread' | 'page';

export function openPlotChannel(workerUrl: string | undefined, onReply: (m: FromPlotSession) => void, onMode: (mode: ChannelMode) => void): PlotChannel {
  let mode: ChannelMode = 'starting';
  let worker: Worker | undefined;
  let answered = false;
  let waiting: ToPlotSession[] = [];
  let page: ReturnType<typeof createPlotSession> | undefined;
  const setMode = (m: ChannelMode) => {
    mode = m;
    onMode(m);
  };
  onMode(mode);

  const onThisThread = (why: string) => {
    if (mode === 'page') return;
    console.warn(`Scaling Lens: the plot is built on the panel's thread (${why})`);
    worker?.terminate();
    worker = undefined;
    page = createPlotSession(onReply, (fn) => window.setTimeout(fn, 0));
    setMode('page');
    // What the worker was asked and did not answer: the last build and what followed it.
    const pending = waiting;
    waiting = [];
    for (const m of pending) page.handle(m);
  };

  const start = async () => {
    if (!workerUrl || typeof Worker === 'undefined') return onThisThread('no worker');
    const code = await (await fetch(workerUrl)).text();
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const w = new Worker(url);
    worker = w;
    w.onmessage = (e: MessageEvent) => {
      if (!answered) {
        answered = true;
        waiting = [];
        URL.revokeObjectURL(url);
      }
      onReply(e.data as FromPlotSession);
    };
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      // Before its first answer the worker may not have started at all: build here instead.
      // After it, a failure is the session's own, which it answers as `failed`.
      if (!answered) onThisThread(e.message || 'the worker did not start');
    };
    setMode('thread');
    for (const m of waiting) w.postMessage(m);
  };
  start().catch((e) => onThisThread(e instanceof Error ? e.message : String(e)));

  return {
    send(m) {
      if (mode === 'page') return page!.handle(m);
      // Kept until the worker answers, to be built here should it fail: from the last build on.
      if (!answered) waiting = m.type === 'build' ? [m] : [...waiting, m];
      if (mode === 'thread') worker!.postMessage(m);
    },
  };
}
