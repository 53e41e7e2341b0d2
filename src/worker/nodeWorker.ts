// The worker thread's entry (node worker_threads), bundled to dist/worker.js. Everything
// Node-specific about the worker lives here; the protocol logic is in server.ts.
import { parentPort } from 'node:worker_threads';
import { readAndAnalyze } from '../pipeline/document';
import { createWorkerServer } from './server';

if (!parentPort) throw new Error('dist/worker.js must run as a worker thread');
const port = parentPort;
const server = createWorkerServer(
  (msg) => port.postMessage(msg),
  readAndAnalyze,
  (fn) => setImmediate(fn),
);
port.on('message', (m) => server.handle(m));
