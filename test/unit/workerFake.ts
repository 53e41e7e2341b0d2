// A worker thread for the client tests: the real protocol server with a fake analysis driven by
// the text: "HANG" loops forever, "CRASH" ends the thread, "THROW" throws, "SLOW:<ms>" busy-waits,
// "MODELS:<n>:<ms>" busy-waits for each of n models and reports each done (before any of the others);
// with "EARLY" it first does the same for each model's early result, then sends an early result.
import { parentPort } from 'node:worker_threads';
import { createWorkerServer } from '../../src/worker/server';

let count = 0;
const server = createWorkerServer(
  (msg) => parentPort!.postMessage(msg),
  (fileName, text, _inputs, { onModel, onEarly }) => {
    count++;
    const models = /MODELS:(\d+):(\d+)/.exec(text);
    const each = (stage?: 'early') => {
      for (let i = 1; models && i <= Number(models[1]); i++) {
        const end = Date.now() + Number(models[2]);
        while (Date.now() < end) { /* busy */ }
        onModel?.(i, Number(models[1]), stage);
      }
    };
    if (text.includes('EARLY')) {
      each('early');
      onEarly?.({ file: `${fileName}#${count} early`, models: [], diagnostics: [] }, []);
    }
    each();
    if (text.includes('HANG')) for (;;) { /* hung */ }
    if (text.includes('CRASH')) process.exit(3);
    if (text.includes('THROW')) throw new Error('boom');
    const slow = /SLOW:(\d+)/.exec(text);
    if (slow) { const end = Date.now() + Number(slow[1]); while (Date.now() < end) { /* busy */ } }
    return { result: { file: `${fileName}#${count}`, models: [], diagnostics: [] }, models: [] };
  },
  (fn) => setImmediate(fn),
);
parentPort!.on('message', (m) => server.handle(m));
