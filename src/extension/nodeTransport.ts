// Starts the analysis worker as a node worker_threads Worker (dist/worker.js) behind the
// `WorkerTransport` interface of ../worker/client. No `vscode` import: unit tests use it too.
import { Worker } from 'node:worker_threads';
import type { WorkerTransport } from '../worker/client';

export function nodeWorkerTransport(script: string, resourceLimits?: { maxOldGenerationSizeMb?: number }): WorkerTransport {
  const w = new Worker(script, { resourceLimits, stdout: false, stderr: false });
  let exitCb: ((reason: string) => void) | undefined;
  let ended = false;
  let terminated = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    if (!terminated) exitCb?.(reason);
  };
  w.on('error', (e) => end(`error: ${e instanceof Error ? e.message : String(e)}`));
  w.on('exit', (code) => end(`exit code ${code}`));
  w.unref();
  return {
    postMessage: (msg) => { if (!ended) w.postMessage(msg); },
    onMessage: (cb) => { w.on('message', cb); },
    onExit: (cb) => { exitCb = cb; },
    terminate: () => { terminated = true; void w.terminate(); },
  };
}
