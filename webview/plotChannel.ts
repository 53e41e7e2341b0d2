// The panel's way to its plot session (src/plot/session.ts): a Web Worker made from the plot
// worker's bundle (fetched from the extension, then started from a blob: a webview cannot start a
// worker from its resource URL), or, where no worker starts (a policy, an old host) or the worker
// fails, the same session on the panel's own thread, a message at a time between its other work.
// Messages sent while the worker starts wait for it. What was sent from the last build on is kept,
// to be sent to the session on this thread should the worker fail.
import { createPlotSession, type FromPlotSession, type ToPlotSession } from '../src/plot/session';

export interface PlotChannel {
  send(m: ToPlotSession): void;
}

/** Where the session runs: `thread` (a Web Worker), `page` (this thread), `starting`. */
export type ChannelMode = 'starting' | 'thread' | 'page';

export function openPlotChannel(workerUrl: string | undefined, onReply: (m: FromPlotSession) => void, onMode: (mode: ChannelMode) => void): PlotChannel {
  let mode: ChannelMode = 'starting';
  let worker: Worker | undefined;
  /** The last build and what was sent after it: all a session needs to answer what shows now. */
  let replay: ToPlotSession[] = [];
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
    for (const m of replay) page.handle(m);
    replay = [];
  };

  const start = async () => {
    if (!workerUrl || typeof Worker === 'undefined') return onThisThread('no worker');
    const code = await (await fetch(workerUrl)).text();
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const w = new Worker(url);
    worker = w;
    let answered = false;
    w.onmessage = (e: MessageEvent) => {
      if (!answered) URL.revokeObjectURL(url);
      answered = true;
      onReply(e.data as FromPlotSession);
    };
    w.onerror = (e: ErrorEvent) => {
      // The session answers its own failures (`failed`): an error here is the worker's, which did
      // not start or stopped. The session on this thread takes over from the last build.
      e.preventDefault();
      onThisThread(e.message || 'the worker stopped');
    };
    setMode('thread');
    for (const m of replay) w.postMessage(m);
  };
  start().catch((e) => onThisThread(e instanceof Error ? e.message : String(e)));

  return {
    send(m) {
      if (mode === 'page') return page!.handle(m);
      replay = m.type === 'build' ? [m] : [...replay, m];
      if (mode === 'thread') worker!.postMessage(m);
    },
  };
}
