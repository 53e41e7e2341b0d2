// The plot worker (dist/plotWorker.js): the chart panel's plot session on a thread of its own
// (webview/plotChannel.ts starts it). It receives the panel's messages and answers with chart data.
import { createPlotSession, type ToPlotSession } from '../src/plot/session';

/** The worker's global scope (this project's types are the page's). */
const scope = self as unknown as { postMessage(m: unknown): void; onmessage: ((e: { data: ToPlotSession }) => void) | null };
const session = createPlotSession((m) => scope.postMessage(m), (fn) => setTimeout(fn, 0));
scope.onmessage = (e) => session.handle(e.data);
