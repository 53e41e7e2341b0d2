// A worker thread of the experiment runner (bundled to dist/experimentWorker.js): runs one
// Langevin run per message, or plans an experiment for a model.
import { parentPort } from 'node:worker_threads';
import { runOne } from '../core/run';
import { planFromModels } from './fromModels';
import type { FromWorker, ToWorker } from './protocol';

if (!parentPort) throw new Error('the experiment worker must run as a worker thread');
const port = parentPort;
port.on('message', (m: ToWorker) => {
  let reply: FromWorker;
  try {
    reply = m.type === 'plan' ? { type: 'planned', id: m.id, answer: planFromModels(m.request) } : { type: 'done', id: m.id, outcome: runOne(m.job) };
  } catch (e) {
    reply = { type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
